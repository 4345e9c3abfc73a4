// Remote commands on the kiosk host, wired: commands arrive on the signaling socket (through
// the socket tap), run through the CommandRunner with this host's services, and results go
// to the hub as signed HTTP posts, sent again after a reconnect until the hub has them.
// Every step is a line in the kiosk log (the audit the technician reads) and service mode's
// audit trail (which also reaches the hub as `kiosk.audit.service`).
import type { DeviceHealth, SyncStatus } from '../../../bridge/contract.js';
import type { EventBus } from '../../../bridge/event-bus.js';
import { FLEET_COMMAND_PATHS, type CommandResult, type DiagnosticsBundle } from '../../../../protocol/fleet-commands.js';
import type { HostConfig } from '../../config.js';
import { hubSender } from '../../hub-send.node.js';
import type { HubRequestSigner } from '../../hub-signer.node.js';
import type { MaintenanceSwitch } from '../../admin-server.node.js';
import type { HostLogger } from '../../log.node.js';
import type { RemoteServiceControls } from '../../service-mode/service-mode.node.js';
import { usable } from '../../service-mode/out-of-service.js';
import type { SqliteDb } from '../../sqlite.node.js';
import type { HubSocketTap } from '../hub-socket-tap.node.js';
import { commandActions } from './command-actions.js';
import { openCommandJournal } from './command-journal.node.js';
import { pinnedCommandKey } from './command-key.node.js';
import { CommandRunner } from './command-runner.js';
import type { CustomerPresence } from './customer-presence.js';
import { buildBundle, tailLines } from './diagnostics-bundle.node.js';
import { maintenanceWasOn, persistentMaintenance } from './maintenance-flag.node.js';
import { applyPatch, checkPatched, persistRemoteConfig } from './remote-config.node.js';

export interface FleetCommandDeps {
  config: HostConfig;
  log: HostLogger;
  db: SqliteDb;
  tap: HubSocketTap;
  sign: HubRequestSigner;
  events: EventBus;
  service: RemoteServiceControls;
  presence: CustomerPresence;
  devices: { list(): DeviceHealth[] };
  sync: { current(): SyncStatus };
  /** What `kioskctl diag` reports (host-diagnostics.node.ts). */
  diag(): Promise<object>;
  logFile: string | null;
  /** How long a config change must run before it counts as healthy. */
  configSettleMs?: number;
}

export async function startFleetCommands(deps: FleetCommandDeps): Promise<{ runner: CommandRunner; maintenance: MaintenanceSwitch; close(): void }> {
  const { config } = deps;
  const log = deps.log.child({ svc: 'fleet-commands' });
  const journal = await openCommandJournal(deps.db);
  const send = hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 30_000 });
  const keys = pinnedCommandKey({ dataDir: config.dataDir, kioskId: config.kioskId, send, warn: (fields, message) => log.warn(fields, message) });
  let closed = false;
  const service = persistentMaintenance(deps.service, config.dataDir, (message) => log.warn(message));
  if (await maintenanceWasOn(config.dataDir)) {
    service.setMaintenance(true);
    log.warn('fleet: kiosk starts in maintenance, as the hub left it (remote command); leave-maintenance brings it back');
  }

  const report = async (commandId: string, result: CommandResult): Promise<boolean> => {
    const path = FLEET_COMMAND_PATHS.result.replace(':kioskId', encodeURIComponent(config.kioskId)).replace(':commandId', commandId);
    const reply = await send('POST', path, result);
    // 404: the hub has no such command for us (e.g. a forged id); nothing will change that.
    if (reply.status === 200 || reply.status === 404) return true;
    log.warn({ commandId, status: reply.status }, 'fleet: command result not taken by the hub; sent again later');
    return false;
  };

  const diagnostics = async (): Promise<DiagnosticsBundle> => {
    const facts = (await deps.diag()) as Record<string, unknown>;
    return buildBundle(facts, await tailLines(deps.logFile), new Date());
  };

  const health = async () => deps.devices.list().filter(usable).length + (deps.sync.current().online ? 1 : 0);

  const runner = new CommandRunner({
    kioskId: config.kioskId,
    keyFor: (keyId) => keys.keyFor(keyId),
    journal,
    ack: (commandId) => deps.tap.sendAck(commandId),
    report,
    now: () => Date.now(),
    audit: (event, command, detail) => log.info({ commandId: command.commandId, kind: command.params.kind, issuedBy: command.issuedBy, ...detail }, `fleet: remote command ${event}`),
    action: commandActions({
      service,
      presence: deps.presence,
      reloadPage: (commandId) => deps.events.emit('kiosk.reload', { commandId }),
      diagnostics,
      config: {
        problem: (patch) => checkPatched(config, patch),
        apply: (patch) => applyPatch(config, deps.log, patch),
        persist: (patch) => persistRemoteConfig(config.dataDir, patch),
        health,
        wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        settleMs: deps.configSettleMs ?? 5_000,
      },
    }),
  });

  deps.tap.onCommand((command) => {
    if (closed) return;
    runner.receive(command).catch((err: unknown) => log.error({ commandId: command.commandId, err: (err as Error).message }, 'fleet: remote command not handled'));
  });
  deps.tap.onOpen(() => {
    if (!closed) void runner.retryReports().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'fleet: command results not re-sent'));
  });
  return {
    runner,
    // A technician on site ends (or starts) maintenance with kioskctl: the same flag the hub's
    // command sets, so it survives a restart the same way, audited like a technician's action.
    maintenance: {
      on: () => service.inMaintenance(),
      async set(on, by) {
        service.setMaintenance(on);
        log.warn({ by, via: 'kioskctl' }, on ? 'fleet: maintenance started on site' : 'fleet: maintenance ended on site');
        await service.audit('ok', { technician: by, sessionId: 'kioskctl' }, { kind: on ? 'enter-maintenance' : 'leave-maintenance', via: 'kioskctl' });
      },
    },
    close() {
      closed = true;
    },
  };
}
