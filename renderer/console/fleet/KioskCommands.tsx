// The remote commands of one kiosk on its detail panel: a button per command, then the
// recent commands with who sent them, where each stands and what the kiosk answered. Polled
// quickly while a command is on its way or running, slowly otherwise; a command to an offline
// kiosk waits at the hub (shown as waiting) until the kiosk is back or it expires.
import { useCallback, useEffect, useState } from 'react';
import type { CommandParams, FleetCommand } from '../../../protocol/fleet-commands.js';
import { remoteDeviceTestSchema } from '../../../protocol/fleet-commands.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import type { Translate } from '../i18n/console-i18n.js';
import { clockTime } from '../views/format.js';
import { FleetApiError, type FleetClient } from './fleet-client.js';

const FAST_MS = 1_500;
const SLOW_MS = 10_000;
const inFlight = (command: FleetCommand) => command.status === 'pending' || command.status === 'delivered';
type RemoteTest = (typeof remoteDeviceTestSchema.options)[number];

/** One line on what the kiosk answered: the reason for a refusal, or the facts of a success. */
function resultLine(t: Translate, command: FleetCommand): string {
  if (command.reason) return t(`fleet.commands.reasons.${command.reason}`);
  const d = command.detail ?? {};
  const parts: string[] = [];
  if (typeof d.waitedForCustomerMs === 'number' && d.waitedForCustomerMs >= 1000) parts.push(t('fleet.commands.results.waited', { seconds: Math.round(d.waitedForCustomerMs / 1000) }));
  if (typeof d.testOutcome === 'string') parts.push(t('fleet.commands.results.test', { outcome: t(d.testOutcome === 'pass' ? 'fleet.commands.results.testPass' : 'fleet.commands.results.testFail') }));
  if (typeof d.logLines === 'number') parts.push(t('fleet.commands.results.logLines', { count: d.logLines }));
  return parts.join(' · ');
}

async function download(client: FleetClient, command: FleetCommand): Promise<void> {
  const bundle = await client.diagnostics(command.commandId);
  const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `diagnostics-${command.kioskId}-${command.commandId.slice(0, 8)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function KioskCommands({ kioskId, client }: { kioskId: string; client: FleetClient }) {
  const t = useT();
  const { locale } = useConsoleState();
  const [commands, setCommands] = useState<FleetCommand[] | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<'forbidden' | 'other' | null>(null);
  const [test, setTest] = useState<RemoteTest>('print');
  const [idleSec, setIdleSec] = useState('75');

  const load = useCallback(async () => {
    try {
      setCommands(await client.commands(kioskId));
    } catch {
      // The panel keeps the last list; the fleet view reports the hub being unreachable.
    }
  }, [client, kioskId]);

  const anyInFlight = commands?.some(inFlight) ?? false;
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), anyInFlight ? FAST_MS : SLOW_MS);
    return () => clearInterval(timer);
  }, [load, anyInFlight]);

  const send = async (params: CommandParams) => {
    setSending(true);
    setError(null);
    try {
      await client.issueCommand(kioskId, params);
      await load();
    } catch (err) {
      setError(err instanceof FleetApiError && err.code === 'forbidden' ? 'forbidden' : 'other');
    } finally {
      setSending(false);
    }
  };

  const idleMs = Math.round(Number(idleSec) * 1000);
  const button = (testId: string, label: string, params: CommandParams, disabled = false) => (
    <BigButton variant="secondary" disabled={sending || disabled} onClick={() => void send(params)} data-testid={testId}>
      {label}
    </BigButton>
  );
  return (
    <div className="fleet-commands" data-testid="fleet-commands">
      <h4>{t('fleet.commands.title')}</h4>
      <p className="console-muted">{t('fleet.commands.hint')}</p>
      {error && (
        <Notice tone="danger" testId="fleet-command-error">
          {t(`fleet.commands.errors.${error}`)}
        </Notice>
      )}
      <div className="fleet-commands__buttons">
        {button('fleet-command-enter-maintenance', t('fleet.commands.enterMaintenance'), { kind: 'enter-maintenance' })}
        {button('fleet-command-leave-maintenance', t('fleet.commands.leaveMaintenance'), { kind: 'leave-maintenance' })}
        {button('fleet-command-reload-ui', t('fleet.commands.reloadUi'), { kind: 'reload-ui' })}
        {button('fleet-command-restart-host', t('fleet.commands.restartHost'), { kind: 'restart-host' })}
        {button('fleet-command-collect-diagnostics', t('fleet.commands.collectDiagnostics'), { kind: 'collect-diagnostics' })}
      </div>
      <div className="fleet-commands__buttons">
        <label>
          {t('fleet.commands.testLabel')}{' '}
          <select value={test} onChange={(e) => setTest(remoteDeviceTestSchema.parse(e.target.value))} data-testid="fleet-command-test">
            {remoteDeviceTestSchema.options.map((name) => (
              <option key={name} value={name}>
                {t(`fleet.commands.tests.${name}`)}
              </option>
            ))}
          </select>
        </label>
        {button('fleet-command-device-test', t('fleet.commands.runTest'), { kind: 'device-test', test })}
      </div>
      <div className="fleet-commands__buttons">
        <label>
          {t('fleet.commands.idleLabel')}{' '}
          <input type="number" min={5} max={600} value={idleSec} onChange={(e) => setIdleSec(e.target.value)} data-testid="fleet-command-idle" />
        </label>
        {button('fleet-command-update-config', t('fleet.commands.updateConfig'), { kind: 'update-config', config: { ui: { idleTimeoutMs: idleMs } } }, !(idleMs >= 5_000 && idleMs <= 600_000))}
      </div>
      {commands && commands.length === 0 && <p className="console-muted">{t('fleet.commands.none')}</p>}
      <ul className="console-list" data-testid="fleet-command-list">
        {commands?.map((command) => (
          <li key={command.commandId} data-testid="fleet-command" data-kind={command.kind} data-status={command.status}>
            <strong>{t(`fleet.commands.kinds.${command.kind}`)}</strong>
            {command.params.kind === 'device-test' ? ` · ${t(`fleet.commands.tests.${command.params.test}`)}` : ''} · <span data-testid="fleet-command-status">{t(`fleet.commands.status.${command.status}`)}</span>
            {' · '}
            <span className="console-muted">{t('fleet.commands.sentBy', { who: command.issuedByName ?? command.issuedBy, time: clockTime(command.issuedAt, locale) })}</span>
            {resultLine(t, command) && <span data-testid="fleet-command-result"> · {resultLine(t, command)}</span>}
            {command.hasDiagnostics && (
              <BigButton variant="quiet" onClick={() => void download(client, command).catch(() => setError('other'))} data-testid="fleet-command-download">
                {t('fleet.commands.download')}
              </BigButton>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
