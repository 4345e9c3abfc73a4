// What is plugged in: serial ports (incl. USB-serial adapters with their VID:PID) and HID
// devices. Polled for hot-plug because udev events are not available to an unprivileged
// kiosk user everywhere, and a 2 s poll is cheap.
import HID from 'node-hid';
import { SerialPort } from 'serialport';

export interface DiscoveredDevice {
  bus: 'serial' | 'hid';
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
}

const hex4 = (n: number | string | undefined): string | undefined =>
  n === undefined ? undefined : (typeof n === 'number' ? n.toString(16) : n).padStart(4, '0').toLowerCase();

export async function discoverDevices(): Promise<DiscoveredDevice[]> {
  const serial = (await SerialPort.list()).map((p) => ({
    bus: 'serial' as const,
    path: p.path,
    ...(p.vendorId ? { vendorId: hex4(p.vendorId) } : {}),
    ...(p.productId ? { productId: hex4(p.productId) } : {}),
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
  }));
  let hid: DiscoveredDevice[] = [];
  try {
    hid = HID.devices().map((d) => ({
      bus: 'hid' as const,
      path: d.path ?? '',
      vendorId: hex4(d.vendorId),
      productId: hex4(d.productId),
      ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
      ...(d.product ? { product: d.product } : {}),
    }));
  } catch {
    // hidraw may be unreadable without the udev rules; serial discovery still counts.
  }
  return [...serial, ...hid];
}

export const deviceKey = (d: DiscoveredDevice): string => `${d.bus}:${d.path}`;

/** Calls back with what appeared and disappeared since the previous poll. */
export function watchDevices(
  onChange: (change: { added: DiscoveredDevice[]; removed: DiscoveredDevice[] }) => void,
  opts: { intervalMs?: number; discover?: () => Promise<DiscoveredDevice[]> } = {},
): () => void {
  const discover = opts.discover ?? discoverDevices;
  let known: Map<string, DiscoveredDevice> | null = null;
  let stopped = false;
  const poll = async () => {
    const now = new Map((await discover().catch(() => [])).map((d) => [deviceKey(d), d]));
    if (known) {
      const added = [...now.values()].filter((d) => !known!.has(deviceKey(d)));
      const removed = [...known.values()].filter((d) => !now.has(deviceKey(d)));
      if (added.length + removed.length > 0) onChange({ added, removed });
    }
    known = now;
  };
  void poll();
  const timer = setInterval(() => {
    if (!stopped) void poll();
  }, opts.intervalMs ?? 2_000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
