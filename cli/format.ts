// What kioskctl prints for people (`--json` prints the validated result instead).
import type { AdminEvent, DevicesResult, StatusResult } from '../electron/host/admin-protocol.js';
import { describeDiscovery } from '../electron/host/devices/discovery-text.js';

type Device = StatusResult['devices'][number];

const stateOf = (d: Device): string => (d.health.reason ? `${d.health.state} (${d.health.reason})` : d.health.state);

function deviceLines(devices: readonly Device[]): string[] {
  const lines = ['  ROLE          KIND             DRIVER          STATE                WHERE'];
  for (const d of devices) {
    lines.push(`  ${d.role.padEnd(13)} ${d.kind.padEnd(16)} ${d.driver.padEnd(15)} ${stateOf(d).padEnd(20)} ${d.where}`);
    if (d.lastError) lines.push(`  ${''.padEnd(13)} last error: ${d.lastError.message}${d.lastError.osCode && !d.lastError.message.includes(d.lastError.osCode) ? ` (${d.lastError.osCode})` : ''}`);
  }
  return lines;
}

export function formatDevices(r: DevicesResult): string {
  const lines = ['CONFIGURED', ...deviceLines(r.configured), '', 'DISCOVERED'];
  if (r.discovered.length === 0 && r.unavailable.length < 2) lines.push('  (nothing)');
  for (const d of r.discovered) {
    const id = d.vendorId ? ` ${d.vendorId}:${d.productId ?? '????'}` : '';
    const name = [d.manufacturer, d.product].filter(Boolean).join(' ');
    lines.push(`  ${d.bus.padEnd(6)} ${d.path}${id}${name ? `  ${name}` : ''}`);
  }
  if (r.unavailable.length > 0) lines.push(`  ${describeDiscovery(r)}`);
  return lines.join('\n');
}

const ago = (iso: string | null, now: number): string => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};

export function formatStatus(s: StatusResult, now = Date.now()): string {
  const hub = s.hub.url ? `${s.hub.online ? 'online' : 'OFFLINE'} ${s.hub.url}, last sync ${ago(s.hub.lastSyncAt, now)}${s.hub.enrolled ? '' : ' — NOT ENROLLED (kioskctl enroll)'}` : 'none configured (offline only)';
  const lines = [
    `kiosk      ${s.kioskId}  version ${s.version}, up since ${s.startedAt}`,
    `hub        ${hub}`,
    `outbox     ${s.outbox.backlog} waiting${s.outbox.oldestPendingAt ? ` (oldest ${ago(s.outbox.oldestPendingAt, now)})` : ''}, ${s.outbox.deadLetters} dead letter${s.outbox.deadLetters === 1 ? '' : 's'}`,
  ];
  for (const d of s.outbox.recentDeadLetters) lines.push(`           #${d.seq} ${d.type} ${d.createdAt}: ${d.code ?? 'REJECTED'} ${d.reason ?? ''}`.trimEnd());
  lines.push('devices', ...deviceLines(s.devices));
  if (s.discovery) lines.push(`  ${s.discovery}`);
  return lines.join('\n');
}

export function formatEvent(e: AdminEvent): string {
  const p = e.payload as { role?: string; state?: string; reason?: string; online?: boolean; backlog?: number };
  if (e.event === 'device.health') return `${e.at}  device  ${p.role ?? '?'} → ${p.state ?? '?'}${p.reason ? ` (${p.reason})` : ''}`;
  if (e.event === 'sync.status') return `${e.at}  sync    ${p.online ? 'online' : 'offline'}, backlog ${p.backlog ?? 0}`;
  return `${e.at}  ${e.event}  ${JSON.stringify(e.payload)}`;
}
