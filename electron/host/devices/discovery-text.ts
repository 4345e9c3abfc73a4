// Discovery's state in one line for people (kioskctl, logs); no system access here.
export interface UnavailableBus {
  bus: 'serial' | 'hid';
  reason: string;
}

/** `discovery: unavailable (udevadm not found — install udev)`, or per bus when one works. */
export function describeDiscovery(d: { unavailable: readonly UnavailableBus[] }): string {
  if (d.unavailable.length === 0) return 'discovery: ok';
  const reasons = [...new Set(d.unavailable.map((u) => u.reason))];
  if (d.unavailable.length === 2) return `discovery: unavailable (${reasons.join('; ')})`;
  return d.unavailable.map((u) => `discovery: ${u.bus} unavailable (${u.reason})`).join('; ');
}
