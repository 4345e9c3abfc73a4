import type { AdminEvent } from '../electron/host/admin-protocol.js';

interface DevicesResult {
  configured: { role: string; kind: string; driver: string; where: string; health: { state: string; reason?: string; since: string } }[];
  discovered: { bus: string; path: string; vendorId?: string; productId?: string; manufacturer?: string; product?: string }[];
}

export function formatDevices(raw: unknown): string {
  const r = raw as DevicesResult;
  const lines = ['CONFIGURED', '  ROLE          KIND             DRIVER   STATE      WHERE'];
  for (const d of r.configured) {
    const state = d.health.reason ? `${d.health.state} (${d.health.reason})` : d.health.state;
    lines.push(`  ${d.role.padEnd(13)} ${d.kind.padEnd(16)} ${d.driver.padEnd(8)} ${state.padEnd(10)} ${d.where}`);
  }
  lines.push('', 'DISCOVERED');
  if (r.discovered.length === 0) lines.push('  (nothing)');
  for (const d of r.discovered) {
    const id = d.vendorId ? ` ${d.vendorId}:${d.productId ?? '????'}` : '';
    const name = [d.manufacturer, d.product].filter(Boolean).join(' ');
    lines.push(`  ${d.bus.padEnd(6)} ${d.path}${id}${name ? `  ${name}` : ''}`);
  }
  return lines.join('\n');
}

export function formatEvent(e: AdminEvent): string {
  const p = e.payload as { role?: string; state?: string; reason?: string; online?: boolean; backlog?: number };
  if (e.event === 'device.health') return `${e.at}  device  ${p.role ?? '?'} → ${p.state ?? '?'}${p.reason ? ` (${p.reason})` : ''}`;
  if (e.event === 'sync.status') return `${e.at}  sync    ${p.online ? 'online' : 'offline'}, backlog ${p.backlog ?? 0}`;
  return `${e.at}  ${e.event}  ${JSON.stringify(e.payload)}`;
}
