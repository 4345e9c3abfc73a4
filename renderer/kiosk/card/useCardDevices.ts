// Whether this kiosk can take a card and a PIN now: a card reader and a PIN pad are configured
// and neither is offline or failed. Home offers the card journeys (bill payment, balances and
// statements) only then, so no customer is sent to a card screen that nothing can answer. Events are subscribed before the first read, and a
// read never overwrites a newer event (as StatusContext does).
import { useEffect, useState } from 'react';
import type { DeviceHealth } from '../../../electron/bridge/contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';

const NEEDED = ['card-reader', 'pin-pad'] as const;

export function cardDevicesReady(devices: ReadonlyMap<string, DeviceHealth>): boolean {
  const usable = [...devices.values()].filter((d) => d.state !== 'offline' && d.state !== 'error');
  return NEEDED.every((kind) => usable.some((d) => d.kind === kind));
}

/**
 * The kiosk's devices by role as the host reports them, judged by `ready`; null until the host
 * has answered. Events are subscribed before the first read, and a read never overwrites a newer event.
 */
export function useDevicesReady(ready: (devices: ReadonlyMap<string, DeviceHealth>) => boolean): boolean | null {
  const client = useBridge();
  const [devices, setDevices] = useState<ReadonlyMap<string, DeviceHealth> | null>(null);
  useEffect(() => {
    let active = true;
    const heard = new Map<string, DeviceHealth>();
    const off = client.on('device.health', (health) => {
      heard.set(health.role, health);
      setDevices((known) => new Map(known ?? []).set(health.role, health));
    });
    client
      .request('devices.list', {})
      .then((list) => active && setDevices(new Map([...list.map((d) => [d.role, d] as const), ...heard])))
      .catch(() => undefined);
    return () => {
      active = false;
      off();
    };
  }, [client]);
  return devices ? ready(devices) : null;
}

/** null until the host has answered. */
export function useCardDevicesReady(): boolean | null {
  return useDevicesReady(cardDevicesReady);
}
