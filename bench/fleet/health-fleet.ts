// Simulated kiosks that report their health as a kiosk host does: the hub-capacity fleet's
// clients (enrolled, registered, each holding its signed signaling socket) plus, on that
// socket, an initial `health.report`, the heartbeat every FLEET_HEALTH.heartbeatSec, and on
// command a printer paper-out and its recovery. One timer drives every heartbeat (kiosks sit in
// slots of a wheel at random phases), so 2,000 kiosks do not mean 2,000 timers.
import type WebSocket from 'ws';
import { FLEET_HEALTH } from '../../protocol/fleet-health.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { KioskFleet } from '../hub-capacity/kiosk-fleet.js';
import { healthMessage, healthReport, type PrinterState } from './health-messages.js';

const WHEEL_TICK_MS = 250;

interface SimKiosk {
  kioskId: string;
  socket: WebSocket;
  startedAt: string;
  startedMs: number;
  printer: PrinterState;
  slot: number;
  open: boolean;
}

export interface SentFault {
  kioskId: string;
  /** The printer's `since`: the fault's identity in the alert's detail and in the fleet view. */
  since: string;
  /** performance.now() when the message was handed to the socket. */
  sentAt: number;
}

export class HealthFleet {
  private readonly kiosks = new Map<string, SimKiosk>();
  private readonly wheel: SimKiosk[][];
  private readonly fleet: KioskFleet;
  private tick = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private closing = false;
  /** Sockets that closed without us closing them. */
  dropped = 0;
  reportsSent = 0;

  constructor(
    baseUrl: string,
    enroll: (ids: string[]) => Promise<KioskCredentials[]>,
    private readonly heartbeatMs = FLEET_HEALTH.heartbeatSec * 1000,
  ) {
    this.wheel = Array.from({ length: Math.max(1, Math.round(heartbeatMs / WHEEL_TICK_MS)) }, () => []);
    // No pulls or batches: this benchmark is about health and alerts (hub-capacity measures sync).
    this.fleet = new KioskFleet([baseUrl], enroll, { sync: false, onSocket: (kioskId, socket) => this.attach(kioskId, socket) });
    this.timer = setInterval(() => this.beat(), WHEEL_TICK_MS);
  }

  /** Enrolls, registers and connects kiosks until there are `total`. */
  grow(total: number, batch?: number): Promise<void> {
    return this.fleet.grow(total, batch);
  }

  get connected(): number {
    let n = 0;
    for (const k of this.kiosks.values()) if (k.open) n += 1;
    return n;
  }

  get ids(): string[] {
    return [...this.kiosks.keys()];
  }

  /** The printer runs out of paper; false when the kiosk's socket is not open. */
  fault(kioskId: string): SentFault | null {
    const k = this.kiosks.get(kioskId);
    if (!k?.open) return null;
    // ISO ms: a kiosk's faults are seconds apart, so each has its own.
    k.printer = { state: 'paper-out', since: new Date().toISOString() };
    const sentAt = performance.now();
    return this.send(k) ? { kioskId, since: k.printer.since, sentAt } : null;
  }

  /** Paper is back. */
  recover(kioskId: string): boolean {
    const k = this.kiosks.get(kioskId);
    if (!k?.open) return false;
    k.printer = { state: 'ok', since: new Date().toISOString() };
    return this.send(k);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.fleet.close();
  }

  private attach(kioskId: string, socket: WebSocket): void {
    const startedMs = Date.now();
    const startedAt = new Date(startedMs).toISOString();
    const k: SimKiosk = { kioskId, socket, startedAt, startedMs, printer: { state: 'ok', since: startedAt }, slot: Math.floor(Math.random() * this.wheel.length), open: true };
    this.kiosks.set(kioskId, k);
    this.wheel[k.slot]!.push(k);
    socket.on('close', () => {
      k.open = false;
      if (!this.closing) this.dropped += 1;
    });
    // The host reports as soon as its socket opens (HealthReporter.linkUp).
    this.send(k);
  }

  /** Heartbeats of this tick's slot. A report of any kind restarts nothing here: the real
   * reporter's heartbeat follows the last report, but a fault moves a kiosk by seconds in a
   * minute, which changes neither the rate nor the spread. */
  private beat(): void {
    const slot = this.wheel[this.tick % this.wheel.length]!;
    this.tick += 1;
    for (const k of slot) if (k.open) this.send(k);
  }

  private send(k: SimKiosk): boolean {
    if (k.socket.readyState !== k.socket.OPEN) return false;
    const now = new Date();
    const report = healthReport({ startedAt: k.startedAt, readySince: k.startedAt, printer: k.printer, at: now, uptimeSec: Math.floor((now.getTime() - k.startedMs) / 1000) });
    k.socket.send(JSON.stringify(healthMessage(report)));
    this.reportsSent += 1;
    return true;
  }
}
