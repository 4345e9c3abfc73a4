// Operations at a glance: how many kiosks are up, which devices need someone, the open
// alerts (acknowledge with one press) and every kiosk by branch with its version, device
// icons and unsent backlog. Refreshed every few seconds and at once when the hub announces
// an alert on the console's socket (`fleet.alert`).
import { useEffect, useMemo, useState } from 'react';
import type { Alert, FleetHistoryEntry, FleetKiosk } from '../../../protocol/fleet-alerts.js';
import type { ReportedDevice } from '../../../protocol/fleet-health.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import type { ConsoleKey, Translate } from '../i18n/console-i18n.js';
import { clockTime, duration } from '../views/format.js';
import { fleetChannelOf } from './fleet-channel.js';
import { FleetClient } from './fleet-client.js';
import { deviceLevel, fleetTotals, groupByBranch, sortAlerts } from './fleet-overview.js';
import { BranchRequests, withBranchKiosks, withNotice, type FleetViewData } from './fleet-view-state.js';
import { KioskCommands } from './KioskCommands.js';
import './fleet.css';

const REFRESH_MS = 5_000;

const DEVICE_KINDS = ['receipt-printer', 'card-reader', 'id-reader', 'barcode-scanner', 'pin-pad', 'card-dispenser'] as const;
const REASONS = ['paper-near-end', 'paper-out', 'cover-open', 'card-stuck', 'jam', 'stock-low', 'stock-out', 'read-error', 'disconnected', 'no-response', 'driver-restarting', 'reader-error'] as const;

const deviceWord = (t: Translate, kind: string) => t(`fleet.devices.${(DEVICE_KINDS as readonly string[]).includes(kind) ? (kind as (typeof DEVICE_KINDS)[number]) : 'other'}`);
const reasonWord = (t: Translate, reason: string): string =>
  (REASONS as readonly string[]).includes(reason) ? t(`fleet.reasons.${reason as (typeof REASONS)[number]}`) : reason;

function DeviceIcon({ device }: { device: ReportedDevice }) {
  const t = useT();
  const level = deviceLevel(device);
  const label = `${deviceWord(t, device.kind)}: ${device.reason ? reasonWord(t, device.reason) : t(`fleet.levels.${level}`)}`;
  return (
    <span className={`fleet-device fleet-device--${level}`} title={label} aria-label={label} data-testid="fleet-device" data-level={level} data-role={device.role}>
      <span className="fleet-device__dot" aria-hidden="true" />
      {deviceWord(t, device.kind)}
      {level !== 'ok' && device.reason ? ` · ${reasonWord(t, device.reason)}` : ''}
    </span>
  );
}

function AlertRow({ alert, onAcknowledge, busy }: { alert: Alert; onAcknowledge: () => void; busy: boolean }) {
  const t = useT();
  const { locale } = useConsoleState();
  const reason = typeof alert.detail.reason === 'string' ? ` · ${reasonWord(t, alert.detail.reason)}` : '';
  return (
    <li className={`fleet-alert fleet-alert--${alert.severity}`} data-testid="fleet-alert" data-kind={alert.kind} data-state={alert.state} data-kiosk={alert.kioskId}>
      <span className={`fleet-badge fleet-badge--${alert.severity}`}>{t(`fleet.severity.${alert.severity}`)}</span>
      <strong>{t(`fleet.kinds.${alert.kind}` as ConsoleKey)}</strong>
      <span>
        {alert.kioskId}
        {alert.branchId ? ` (${alert.branchId})` : ''} · {alert.device || t('fleet.alerts.wholeKiosk')}
        {reason}
      </span>
      <span className="console-muted">{t('fleet.alerts.raisedAt', { time: clockTime(alert.raisedAt, locale) })}</span>
      {alert.state === 'open' ? (
        <BigButton variant="secondary" disabled={busy} onClick={onAcknowledge} data-testid="fleet-acknowledge">
          {t('fleet.alerts.acknowledge')}
        </BigButton>
      ) : (
        <span className="console-muted" data-testid="fleet-acknowledged">
          {t('fleet.alerts.acknowledgedBy', { who: alert.acknowledgedByName ?? alert.acknowledgedBy ?? '?', time: alert.acknowledgedAt ? clockTime(alert.acknowledgedAt, locale) : '' })}
        </span>
      )}
    </li>
  );
}

function eventLine(t: Translate, entry: FleetHistoryEntry): string {
  const what = t(`fleet.detail.eventKinds.${entry.event}`);
  const d = entry.detail;
  if (entry.event === 'device') {
    const reason = typeof d.reason === 'string' ? reasonWord(t, d.reason) : '';
    return `${what}: ${typeof d.kind === 'string' ? deviceWord(t, d.kind) : ''} ${typeof d.role === 'string' ? `(${d.role})` : ''} ${reason}`.trim();
  }
  if (entry.event === 'version') return `${what}: ${String(d.from)} → ${String(d.to)}`;
  if (entry.event === 'restart' && typeof d.version === 'string') return `${what} (${d.version})`;
  return what;
}

/** One kiosk up close: its devices, host facts, remote commands, recent events and alert history. */
function KioskDetail({ kiosk, client, tick, onClose }: { kiosk: FleetKiosk; client: FleetClient; tick: string; onClose: () => void }) {
  const t = useT();
  const { locale } = useConsoleState();
  const [detail, setDetail] = useState<{ history: FleetHistoryEntry[]; alerts: Alert[] } | null>(null);
  useEffect(() => {
    let live = true;
    client.kioskDetail(kiosk.kioskId).then(
      (loaded) => live && setDetail(loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, kiosk.kioskId, tick]);
  const disk = kiosk.diskFreeBytes !== null && kiosk.diskTotalBytes ? `${Math.round((kiosk.diskFreeBytes / kiosk.diskTotalBytes) * 100)} %` : t('fleet.detail.unknown');
  return (
    <section className="fleet-detail" data-testid="fleet-detail" data-kiosk={kiosk.kioskId} aria-labelledby="fleet-detail-title">
      <h3 id="fleet-detail-title">{t('fleet.detail.title', { kiosk: kiosk.kioskId })}</h3>
      <BigButton variant="quiet" onClick={onClose} data-testid="fleet-detail-close">
        {t('fleet.detail.close')}
      </BigButton>
      <p className="console-muted">
        {t('fleet.detail.facts', {
          started: kiosk.startedAt ? clockTime(kiosk.startedAt, locale) : t('fleet.detail.unknown'),
          disk,
          uptime: kiosk.uptimeSec === null ? t('fleet.detail.unknown') : duration(t, kiosk.uptimeSec),
        })}
      </p>
      <div className="fleet-devices">
        {kiosk.devices.map((device) => (
          <DeviceIcon key={device.role} device={device} />
        ))}
      </div>
      <KioskCommands kioskId={kiosk.kioskId} client={client} />
      <h4>{t('fleet.detail.events')}</h4>
      {detail && detail.history.length === 0 && <p className="console-muted">{t('fleet.detail.noEvents')}</p>}
      <ul className="console-list" data-testid="fleet-detail-events">
        {detail?.history.map((entry, i) => (
          <li key={`${entry.at}-${i}`} data-event={entry.event}>
            {clockTime(entry.at, locale)} · {eventLine(t, entry)}
          </li>
        ))}
      </ul>
      <h4>{t('fleet.detail.alertHistory')}</h4>
      {detail && detail.alerts.length === 0 && <p className="console-muted">{t('fleet.detail.noAlerts')}</p>}
      <ul className="console-list" data-testid="fleet-detail-alerts">
        {detail?.alerts.map((alert) => (
          <li key={alert.alertId} data-state={alert.state}>
            {clockTime(alert.raisedAt, locale)} · {t(`fleet.kinds.${alert.kind}` as ConsoleKey)} · {alert.device || t('fleet.alerts.wholeKiosk')} · {t(`fleet.detail.alertStates.${alert.state}`)}
            {alert.acknowledgedByName ? ` · ${alert.acknowledgedByName}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

function KioskRow({ kiosk, onOpen }: { kiosk: FleetKiosk; onOpen: () => void }) {
  const t = useT();
  const { locale } = useConsoleState();
  return (
    <tr data-testid="fleet-kiosk" data-kiosk={kiosk.kioskId} data-online={kiosk.online}>
      <td>
        {kiosk.kioskId}
        {kiosk.name ? <span className="console-muted"> {kiosk.name}</span> : null}{' '}
        <BigButton variant="quiet" onClick={onOpen} data-testid="fleet-kiosk-open">
          {t('fleet.detail.open')}
        </BigButton>
      </td>
      <td>
        <span className={`fleet-status fleet-status--${kiosk.online ? 'online' : 'offline'}`} data-testid="fleet-kiosk-status">
          {t(kiosk.online ? 'fleet.status.online' : 'fleet.status.offline')}
        </span>
      </td>
      <td data-testid="fleet-kiosk-version">{kiosk.version ?? '—'}</td>
      <td className="fleet-devices">
        {kiosk.devices.map((device) => (
          <DeviceIcon key={device.role} device={device} />
        ))}
      </td>
      <td data-testid="fleet-kiosk-backlog">{kiosk.backlog}</td>
      <td>{clockTime(kiosk.lastHeardAt, locale)}</td>
    </tr>
  );
}

export function FleetView() {
  const t = useT();
  const controller = useController();
  const { session, locale } = useConsoleState();
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new FleetClient(token) : null), [token]);
  const load = useMemo(
    () =>
      client
        ? async () => {
            const [kiosks, alerts] = await Promise.all([client.kiosks(), client.activeAlerts()]);
            return { kiosks, alerts: sortAlerts(alerts), at: new Date().toISOString() };
          }
        : null,
    [client],
  );
  const { data, error, refresh, failed, patch } = useStaffResource<FleetViewData>(load, REFRESH_MS);
  const branchRequests = useMemo(() => new BranchRequests(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  // At once when the hub announces an alert, besides the timer: the alert as it came, and the
  // kiosks of its branch asked again (not the whole fleet).
  useEffect(
    () =>
      fleetChannelOf(controller).subscribe((notice) => {
        patch((current) => withNotice(current, notice));
        const { branchId } = notice.alert;
        if (!client || branchId === null) {
          void refresh();
          return;
        }
        const ticket = branchRequests.ask(branchId);
        client.kiosks(branchId).then(
          (kiosks) => {
            if (branchRequests.isNewest(branchId, ticket)) patch((current) => withBranchKiosks(current, branchId, kiosks, new Date().toISOString()));
          },
          (err: unknown) => failed(err),
        );
      }),
    [refresh, patch, failed, client, branchRequests, controller],
  );

  const acknowledge = async (alertId: string) => {
    if (!client) return;
    setBusy(alertId);
    try {
      await client.acknowledge(alertId);
      await refresh();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  const totals = fleetTotals(data?.kiosks ?? []);
  const branches = groupByBranch(data?.kiosks ?? []);
  const openAlerts = data?.alerts.filter((a) => a.state === 'open').length ?? 0;
  return (
    <section className="console-panel" data-testid="fleet-view" aria-labelledby="fleet-title" data-loaded={data !== null}>
      <h1 id="fleet-title" className="console-title">
        {t('fleet.title')}
      </h1>
      {error && (
        <Notice tone="danger" testId="fleet-error">
          {t(`fleet.errors.${error}`)}
        </Notice>
      )}
      <dl className="console-tiles">
        <div>
          <dt>{t('fleet.tiles.online')}</dt>
          <dd data-testid="fleet-online">{totals.online}</dd>
        </div>
        <div className={totals.offline > 0 ? 'console-tiles--alert' : undefined}>
          <dt>{t('fleet.tiles.offline')}</dt>
          <dd data-testid="fleet-offline">{totals.offline}</dd>
        </div>
        <div className={totals.deviceFaults > 0 ? 'console-tiles--alert' : undefined}>
          <dt>{t('fleet.tiles.faults')}</dt>
          <dd data-testid="fleet-faults">{totals.deviceFaults}</dd>
        </div>
        <div className={openAlerts > 0 ? 'console-tiles--alert' : undefined}>
          <dt>{t('fleet.tiles.alerts')}</dt>
          <dd data-testid="fleet-open-alerts">{openAlerts}</dd>
        </div>
        <div>
          <dt>{t('fleet.tiles.backlog')}</dt>
          <dd data-testid="fleet-backlog">{totals.backlog}</dd>
        </div>
      </dl>
      {data && <p className="console-muted">{t('fleet.updated', { time: clockTime(data.at, locale) })}</p>}

      <h2 className="console-subtitle">{t('fleet.alerts.title')}</h2>
      {(data?.alerts.length ?? 0) === 0 ? (
        <p className="console-muted" data-testid="fleet-no-alerts">
          {t('fleet.alerts.none')}
        </p>
      ) : (
        <ul className="fleet-alerts" data-testid="fleet-alerts">
          {data?.alerts.map((alert) => (
            <AlertRow key={alert.alertId} alert={alert} busy={busy === alert.alertId} onAcknowledge={() => void acknowledge(alert.alertId)} />
          ))}
        </ul>
      )}

      <h2 className="console-subtitle">{t('fleet.branches.title')}</h2>
      {branches.length === 0 && <p className="console-muted">{t('fleet.branches.none')}</p>}
      {branches.map((branch) => (
        <div key={branch.branchId ?? '?'} className="fleet-branch" data-testid="fleet-branch" data-branch={branch.branchId ?? ''}>
          <h3 className="fleet-branch__title">
            {branch.branchId ?? t('fleet.branches.unknown')}{' '}
            <span className="console-muted">{t('fleet.branches.count', { online: branch.online, total: branch.kiosks.length })}</span>
          </h3>
          <table className="console-table">
            <thead>
              <tr>
                <th>{t('fleet.columns.kiosk')}</th>
                <th>{t('fleet.columns.status')}</th>
                <th>{t('fleet.columns.version')}</th>
                <th>{t('fleet.columns.devices')}</th>
                <th>{t('fleet.columns.backlog')}</th>
                <th>{t('fleet.columns.lastHeard')}</th>
              </tr>
            </thead>
            <tbody>
              {branch.kiosks.map((kiosk) => (
                <KioskRow key={kiosk.kioskId} kiosk={kiosk} onOpen={() => setSelected(kiosk.kioskId)} />
              ))}
            </tbody>
          </table>
          {branch.kiosks.map((kiosk) =>
            kiosk.kioskId === selected && client && data ? <KioskDetail key={kiosk.kioskId} kiosk={kiosk} client={client} tick={data.at} onClose={() => setSelected(null)} /> : null,
          )}
        </div>
      ))}
    </section>
  );
}
