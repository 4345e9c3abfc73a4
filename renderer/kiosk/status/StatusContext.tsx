// Kiosk-level status that outlives any one customer's session: network (sync) state and
// receipt-printer health. Each is read once, then kept current from host events. Events are
// subscribed before the first read, and a read never overwrites a newer event.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Availability, DeviceHealth, UnavailableReason } from '../../../electron/bridge/contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';

export interface KioskStatus {
  /** null until the host has answered. */
  online: boolean | null;
  printer: DeviceHealth | null;
  /** Which transaction types can start now (offline rules, storage); null until known. */
  availability: Availability | null;
}

const StatusContext = createContext<KioskStatus>({ online: null, printer: null, availability: null });

function useOnline(): boolean | null {
  const client = useBridge();
  const [online, setOnline] = useState<boolean | null>(null);
  useEffect(() => {
    let heardEvent = false;
    let active = true;
    const off = client.on('sync.status', (status) => {
      heardEvent = true;
      setOnline(status.online);
    });
    client
      .request('sync.status', {})
      .then((status) => active && !heardEvent && setOnline(status.online))
      .catch(() => undefined); // Unknown stays unknown: no banner rather than a wrong one.
    return () => {
      active = false;
      off();
    };
  }, [client]);
  return online;
}

function usePrinterHealth(): DeviceHealth | null {
  const client = useBridge();
  const [printer, setPrinter] = useState<DeviceHealth | null>(null);
  useEffect(() => {
    let heardEvent = false;
    let active = true;
    const off = client.on('device.health', (health) => {
      if (health.kind !== 'receipt-printer') return;
      heardEvent = true;
      setPrinter(health);
    });
    client
      .request('devices.list', {})
      .then((devices) => {
        if (active && !heardEvent) setPrinter(devices.find((d) => d.kind === 'receipt-printer') ?? null);
      })
      .catch(() => undefined);
    return () => {
      active = false;
      off();
    };
  }, [client]);
  return printer;
}

function useAvailability(): Availability | null {
  const client = useBridge();
  const [availability, setAvailability] = useState<Availability | null>(null);
  useEffect(() => {
    let heardEvent = false;
    let active = true;
    const off = client.on('services.availability', (next) => {
      heardEvent = true;
      setAvailability(next);
    });
    client
      .request('services.availability', {})
      .then((next) => active && !heardEvent && setAvailability(next))
      .catch(() => undefined); // Unknown: offer everything and let the host refuse with a reason.
    return () => {
      active = false;
      off();
    };
  }, [client]);
  return availability;
}

export function StatusProvider({ children }: { children: ReactNode }) {
  const online = useOnline();
  const printer = usePrinterHealth();
  const availability = useAvailability();
  return <StatusContext.Provider value={{ online, printer, availability }}>{children}</StatusContext.Provider>;
}

/** Why a transaction type cannot start now, or null when it can (or nobody knows yet). */
export function unavailableReason(availability: Availability | null, type: string): UnavailableReason | null {
  const entry = availability?.services.find((s) => s.type === type);
  return entry && !entry.available ? (entry.reason ?? 'OFFLINE_NOT_ALLOWED') : null;
}

export function useKioskStatus(): KioskStatus {
  return useContext(StatusContext);
}

/** Printing is expected to fail: tell the customer up front that the number shows on screen. */
export function printerNeedsAttention(printer: DeviceHealth | null): boolean {
  return printer !== null && (printer.state === 'attention' || printer.state === 'error' || printer.state === 'offline');
}
