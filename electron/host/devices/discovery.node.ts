// What is plugged in: serial ports (incl. USB-serial adapters with their VID:PID) and HID
// devices. Polled for hot-plug because udev events are not available to an unprivileged
// kiosk user everywhere, and a 2 s poll is cheap.
//
// Discovery is advice, never a precondition: serialport lists ports by running `udevadm`,
// which minimal images and containers lack. A bus that cannot be listed is reported with the
// reason (and what to install) and the configured devices are still shown and opened.
import HID from 'node-hid';
import { loadSerialPort } from '../../../drivers/transports/serialport-module.node.js';
import { describeDiscovery, type UnavailableBus } from './discovery-text.js';

export { describeDiscovery, type UnavailableBus };

export interface DiscoveredDevice {
  bus: 'serial' | 'hid';
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
}

export type Bus = DiscoveredDevice['bus'];

export interface Discovery {
  devices: DiscoveredDevice[];
  /** One entry per bus that could not be listed; empty when discovery worked. */
  unavailable: UnavailableBus[];
}

/** The two system listings, injectable so tests can make them fail. */
export interface DeviceListers {
  serial(): Promise<{ path: string; vendorId?: string; productId?: string; manufacturer?: string }[]>;
  hid(): { path?: string; vendorId: number; productId: number; manufacturer?: string; product?: string }[];
}

export const systemListers: DeviceListers = {
  serial: async () => (await loadSerialPort()).SerialPort.list(),
  hid: () => HID.devices(),
};

const hex4 = (n: number | string | undefined): string | undefined =>
  n === undefined ? undefined : (typeof n === 'number' ? n.toString(16) : n).padStart(4, '0').toLowerCase();

/** A reason a technician can act on, e.g. "udevadm not found — install udev". */
export function discoveryFailureReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { path?: string };
  if (e?.code === 'ENOENT' && typeof e.syscall === 'string' && e.syscall.startsWith('spawn')) {
    const tool = e.path ?? e.syscall.slice('spawn '.length);
    return tool === 'udevadm' ? 'udevadm not found — install udev' : `${tool} not found`;
  }
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return `permission denied${e.path ? ` on ${e.path}` : ''} — install the udev rules (kioskctl udev) or add the kiosk user to its group`;
  const message = err instanceof Error ? err.message : String(err);
  return e?.code ? `${message} (${e.code})` : message;
}

export async function discoverDevices(listers: DeviceListers = systemListers): Promise<Discovery> {
  const unavailable: Discovery['unavailable'] = [];
  let serial: DiscoveredDevice[] = [];
  try {
    serial = (await listers.serial()).map((p) => ({
      bus: 'serial' as const,
      path: p.path,
      ...(p.vendorId ? { vendorId: hex4(p.vendorId) } : {}),
      ...(p.productId ? { productId: hex4(p.productId) } : {}),
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    }));
  } catch (err) {
    unavailable.push({ bus: 'serial', reason: discoveryFailureReason(err) });
  }
  let hid: DiscoveredDevice[] = [];
  try {
    hid = listers.hid().map((d) => ({
      bus: 'hid' as const,
      path: d.path ?? '',
      vendorId: hex4(d.vendorId),
      productId: hex4(d.productId),
      ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
      ...(d.product ? { product: d.product } : {}),
    }));
  } catch (err) {
    unavailable.push({ bus: 'hid', reason: discoveryFailureReason(err) });
  }
  return { devices: [...serial, ...hid], unavailable };
}

export const deviceKey = (d: DiscoveredDevice): string => `${d.bus}:${d.path}`;

/**
 * Calls back with what appeared and disappeared since the previous poll. A bus that cannot be
 * listed keeps its last known devices (so a failing listing is not an "everything unplugged"),
 * the poll keeps going, and `onProblem` hears the reason once per change (null: recovered).
 */
export function watchDevices(
  onChange: (change: { added: DiscoveredDevice[]; removed: DiscoveredDevice[] }) => void,
  opts: { intervalMs?: number; discover?: () => Promise<Discovery>; onProblem?: (problem: string | null) => void } = {},
): () => void {
  const discover = opts.discover ?? (() => discoverDevices());
  let known: Map<string, DiscoveredDevice> | null = null;
  let problem: string | null = null;
  let stopped = false;
  let polling = false;
  const poll = async () => {
    if (polling || stopped) return;
    polling = true;
    try {
      const found = await discover().catch((err: unknown): Discovery => ({ devices: [], unavailable: [{ bus: 'serial', reason: discoveryFailureReason(err) }, { bus: 'hid', reason: discoveryFailureReason(err) }] }));
      if (stopped) return;
      const nextProblem = found.unavailable.length > 0 ? describeDiscovery(found) : null;
      if (nextProblem !== problem) {
        problem = nextProblem;
        opts.onProblem?.(problem);
      }
      const blind = new Set(found.unavailable.map((u) => u.bus));
      const now = new Map(found.devices.map((d) => [deviceKey(d), d]));
      for (const d of known?.values() ?? []) if (blind.has(d.bus)) now.set(deviceKey(d), d);
      if (known) {
        const before = known;
        const added = [...now.values()].filter((d) => !before.has(deviceKey(d)));
        const removed = [...before.values()].filter((d) => !now.has(deviceKey(d)));
        if (added.length + removed.length > 0) onChange({ added, removed });
      }
      known = now;
    } finally {
      polling = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), opts.intervalMs ?? 2_000);
  timer.unref?.();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
