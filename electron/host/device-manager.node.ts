// Owns the kiosk's devices: builds each driver from the device config, opens it, reopens it
// with backoff after an unplug, and publishes health over the bridge. Only the receipt
// printer exists so far; the other device classes arrive with the drivers issue.
import type { DeviceHealth } from '../bridge/contract.js';
import type { EventBus } from '../bridge/event-bus.js';
import { createEscPosPrinter, type DeviceHealthEvent, type ReceiptPrinter } from '../../drivers/escpos/index.js';
import { startEscPosSimulator, type EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import type { ByteTransport } from '../../drivers/transports/byte-transport.js';
import { createSerialTransport } from '../../drivers/transports/serial.node.js';
import { createTcpTransport } from '../../drivers/transports/tcp.node.js';
import type { HostConfig } from './config.js';
import type { HostLogger } from './log.node.js';

const RECEIPT_ROLE = 'receipt';
const MAX_BACKOFF_MS = 30_000;

export class DeviceManager {
  private printerDriver: ReceiptPrinter | null = null;
  private sim: EscPosSimulator | null = null;
  private health: DeviceHealth;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs = 1_000;
  private closed = false;
  private where = '';

  constructor(
    private readonly config: HostConfig['printer'],
    private readonly events: EventBus,
    private readonly log: HostLogger,
  ) {
    this.health = { role: RECEIPT_ROLE, kind: 'receipt-printer', state: 'offline', reason: 'not-opened', since: new Date().toISOString() };
  }

  async start(): Promise<void> {
    const transport = await this.transport();
    const printer = createEscPosPrinter({ transport, log: this.log.child({ device: RECEIPT_ROLE }) });
    printer.onHealth((event) => this.onPrinterHealth(event));
    this.printerDriver = printer;
    await this.open();
  }

  /** The receipt printer, or null when none is configured. */
  printer(): ReceiptPrinter | null {
    return this.printerDriver;
  }

  /** The in-process simulator when the config asks for simulated devices (dev and tests). */
  simulator(): EscPosSimulator | null {
    return this.sim;
  }

  list(): DeviceHealth[] {
    return [this.health];
  }

  describe(): string[] {
    return [`printer      ${RECEIPT_ROLE}: ${this.where} (${this.health.state}${this.health.reason ? `, ${this.health.reason}` : ''})`];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    await this.printerDriver?.close().catch(() => undefined);
    await this.sim?.close().catch(() => undefined);
  }

  private async transport(): Promise<ByteTransport> {
    const cfg = this.config;
    if (cfg.transport === 'serial') {
      this.where = `serial ${cfg.path} @ ${cfg.baudRate}`;
      return createSerialTransport({ path: cfg.path, baudRate: cfg.baudRate });
    }
    if (cfg.transport === 'tcp') {
      this.where = `tcp://${cfg.host}:${cfg.port}`;
      return createTcpTransport({ host: cfg.host, port: cfg.port });
    }
    this.sim = await startEscPosSimulator({ tcp: { host: '127.0.0.1', port: 0 } });
    const ep = this.sim.endpoint;
    if (ep.kind !== 'tcp') throw new Error('simulator did not open a TCP endpoint');
    this.where = `simulated ESC/POS printer on tcp://${ep.host}:${ep.port}`;
    return createTcpTransport({ host: ep.host, port: ep.port });
  }

  private async open(): Promise<void> {
    const printer = this.printerDriver;
    if (!printer || this.closed) return;
    try {
      await printer.open();
      this.backoffMs = 1_000;
      this.log.info({ device: RECEIPT_ROLE, where: this.where }, 'device opened');
    } catch (err) {
      this.log.warn({ device: RECEIPT_ROLE, err: (err as Error).message, retryInMs: this.backoffMs }, 'device open failed');
      this.onPrinterHealth({ state: 'offline', reason: 'disconnected', since: new Date().toISOString() });
    }
  }

  private scheduleReopen(): void {
    if (this.closed || this.reopenTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      void this.open();
    }, delay);
  }

  private onPrinterHealth(event: DeviceHealthEvent): void {
    const next: DeviceHealth = { role: RECEIPT_ROLE, kind: 'receipt-printer', state: event.state, since: event.since, ...(event.reason ? { reason: event.reason } : {}) };
    const changed = next.state !== this.health.state || next.reason !== this.health.reason;
    this.health = next;
    if (changed) {
      this.log.info({ device: RECEIPT_ROLE, state: next.state, reason: next.reason }, 'device health');
      this.events.emit('device.health', next);
    }
    if (event.state === 'offline' && event.reason === 'disconnected') this.scheduleReopen();
  }
}
