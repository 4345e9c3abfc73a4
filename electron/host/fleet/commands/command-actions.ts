// What each remote command does on this kiosk, through the services the host already has:
// service mode's maintenance switch, device tests, restart and audit; the customer presence
// (maintenance, reload and restart wait for the customer to finish); the diagnostics bundle;
// the configuration updater. One function per kind, picked by a table.
import type { CommandKind, CommandParams, DiagnosticsBundle, SignedCommand } from '../../../../protocol/fleet-commands.js';
import { FLEET_COMMANDS } from '../../../../protocol/fleet-commands.js';
import type { TestResult } from '../../../bridge/service-contract.js';
import type { RemoteServiceControls } from '../../service-mode/service-mode.node.js';
import type { ActionOutcome, CommandAction } from './command-runner.js';
import { updateConfig, type ConfigTarget } from './config-update.js';
import type { CustomerPresence } from './customer-presence.js';

export interface CommandActionDeps {
  service: RemoteServiceControls;
  presence: Pick<CustomerPresence, 'whenAbsent'>;
  /** Tells the page to reload itself (bridge event `kiosk.reload`). */
  reloadPage(commandId: string): void;
  diagnostics(): Promise<DiagnosticsBundle>;
  config: ConfigTarget;
  /** How long a reload or restart waits for the current customer. */
  customerWaitMs?: number;
}

type Of<K extends CommandKind> = Extract<CommandParams, { kind: K }>;
type Handler<K extends CommandKind> = (params: Of<K>, command: SignedCommand) => Promise<ActionOutcome>;

const actor = (command: SignedCommand) => ({ technician: `hub:${command.issuedBy}`, sessionId: command.commandId });

function testOutcome(result: TestResult): ActionOutcome {
  const detail = { test: result.test, role: result.role, testOutcome: result.outcome, testReason: result.reason, durationMs: result.durationMs };
  return result.outcome === 'pass' ? { outcome: 'succeeded', detail } : { outcome: 'failed', reason: 'failed', detail };
}

export function commandActions(deps: CommandActionDeps): CommandAction {
  const waitMs = deps.customerWaitMs ?? FLEET_COMMANDS.defaultCustomerWaitSec * 1000;
  const handlers: { [K in CommandKind]: Handler<K> } = {
    'enter-maintenance': async (params) => {
      // Out of service at once for whoever comes next (Attract and Home show it); the customer
      // already inside finishes, and the answer waits for that.
      deps.service.setMaintenance(true);
      const wait = await deps.presence.whenAbsent(params.customerWaitSec === undefined ? waitMs : params.customerWaitSec * 1000);
      return { outcome: 'succeeded', detail: { maintenance: true, waitedForCustomerMs: wait.waitedMs, customerStillPresent: wait.timedOut } };
    },
    'leave-maintenance': async () => {
      const was = deps.service.inMaintenance();
      deps.service.setMaintenance(false);
      return { outcome: 'succeeded', detail: { maintenance: false, wasInMaintenance: was } };
    },
    'reload-ui': async (_params, command): Promise<ActionOutcome> => {
      const wait = await deps.presence.whenAbsent(waitMs);
      if (wait.timedOut) return { outcome: 'refused', reason: 'busy', detail: { why: 'customer still at the kiosk', waitedForCustomerMs: wait.waitedMs } };
      deps.reloadPage(command.commandId);
      return { outcome: 'succeeded', detail: { waitedForCustomerMs: wait.waitedMs } };
    },
    'restart-host': async (): Promise<ActionOutcome> => {
      const wait = await deps.presence.whenAbsent(waitMs);
      if (wait.timedOut) return { outcome: 'refused', reason: 'busy', detail: { why: 'customer still at the kiosk', waitedForCustomerMs: wait.waitedMs } };
      // Answered first, restarted after: the result must reach the hub before the host goes.
      return { outcome: 'succeeded', detail: { mode: deps.service.restartMode(), waitedForCustomerMs: wait.waitedMs }, after: () => deps.service.restartHost() };
    },
    'device-test': async (params, command) => {
      try {
        return testOutcome(await deps.service.runTest(params.test, actor(command)));
      } catch (err) {
        // Service mode refuses a second test while one runs (a technician may be testing).
        return { outcome: 'refused', reason: 'busy', detail: { why: err instanceof Error ? err.message.slice(0, 120) : 'busy' } };
      }
    },
    'collect-diagnostics': async () => {
      const bundle = await deps.diagnostics();
      return { outcome: 'succeeded', diagnostics: bundle, detail: { logLines: bundle.logLines.length, truncated: bundle.truncated } };
    },
    'update-config': (params) => updateConfig(params.config, deps.config),
  };
  return async (command) => {
    const handler = handlers[command.params.kind] as Handler<CommandKind>;
    const outcome = await handler(command.params, command);
    await deps.service.audit(outcome.outcome, actor(command), { commandId: command.commandId, kind: command.params.kind, ...(outcome.outcome === 'succeeded' ? {} : { reason: outcome.reason }) });
    return outcome;
  };
}
