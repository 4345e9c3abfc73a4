// One behaviour suite for the driver, run over every transport the simulator offers
// (printer.test.ts: TCP; printer.integration.test.ts: a socat PTY pair with serialport).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterError, type DeviceHealthEvent, type ReceiptPrinter } from '../device-classes.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import type { ReceiptDocument } from './codec/document.js';
import { createEscPosPrinter, type EscPosPrinterOptions } from './printer.js';
import { startEscPosSimulator, type EscPosSimulator, type EscPosSimulatorOptions, type SimulatorEndpoint } from './simulator.node.js';

export interface ContractSetup {
  simulator: EscPosSimulatorOptions;
  transport(endpoint: SimulatorEndpoint): ByteTransport;
}

const receipt: ReceiptDocument = {
  blocks: [
    { kind: 'text', text: '北京分行 自助服务终端', align: 'center', bold: true },
    { kind: 'rule' },
    { kind: 'text', text: '您的排队号', align: 'center' },
    { kind: 'text', text: 'A1023', align: 'center', size: 'quad', bold: true },
    { kind: 'qr', data: '票号A1023 中文', size: 6, errorCorrection: 'M', align: 'center' },
    { kind: 'text', text: '请留意叫号' },
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  ],
};

const longReceipt: ReceiptDocument = {
  blocks: [...Array.from({ length: 10 }, (_, i) => ({ kind: 'text' as const, text: `第${i + 1}行` })), { kind: 'cut' }],
};

async function rejection(p: Promise<unknown>): Promise<PrinterError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PrinterError)) throw new Error(`expected a PrinterError, got ${String(err)}`);
  return err;
}

function nextHealth(printer: ReceiptPrinter, match: (e: DeviceHealthEvent) => boolean, timeoutMs = 3000): Promise<DeviceHealthEvent> {
  return new Promise((resolve, reject) => {
    if (match(printer.health)) return resolve(printer.health);
    const timer = setTimeout(() => reject(new Error(`health stayed ${JSON.stringify(printer.health)}`)), timeoutMs);
    const off = printer.onHealth((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

export function printerContract(name: string, setup: ContractSetup): void {
  describe(`ESC/POS printer over ${name}`, () => {
    let sim: EscPosSimulator;
    let printer: ReceiptPrinter;
    let events: DeviceHealthEvent[];

    const make = (opts: Partial<EscPosPrinterOptions> = {}): ReceiptPrinter => {
      const p = createEscPosPrinter({ transport: setup.transport(sim.endpoint), statusTimeoutMs: 500, pollIntervalMs: 0, jobPollMs: 30, jobTimeoutMs: 5000, ...opts });
      p.onHealth((e) => events.push(e));
      return p;
    };

    beforeEach(async () => {
      events = [];
      sim = await startEscPosSimulator(setup.simulator);
      printer = make();
    });

    afterEach(async () => {
      await printer.close();
      await sim.close();
    });

    it('prints Chinese text, a big number and a QR code', async () => {
      await printer.open();
      expect(printer.health.state).toBe('ready');
      const result = await printer.print(receipt);
      expect(result).toMatchObject({ printed: true, status: { online: true, paperOut: false } });
      const job = await sim.waitForJob();
      expect(job.interrupted).toBe(false);
      expect(sim.lastJobText()).toContain('**北京分行 自助服务终端**');
      expect(sim.lastJobText()).toContain('<<A1023>>');
      expect(sim.lastJobText()).toContain('[QR:票号A1023 中文]');
      expect(sim.lastJobText()).toContain('----- CUT -----');
      expect(sim.protocolErrors()).toEqual([]);
      expect(events.map((e) => e.state)).toEqual(['ready', 'busy', 'ready']);
      expect(printer.health.state).toBe('ready');
    });

    it('refuses to print without paper, with PAPER_OUT and health attention', async () => {
      await printer.open();
      sim.setPaper('out');
      const err = await rejection(printer.print(receipt));
      expect(err.code).toBe('PAPER_OUT');
      expect(printer.health).toMatchObject({ state: 'attention', reason: 'paper-out' });
      expect(sim.jobs()).toEqual([]);
    });

    it('refuses to print with the cover open', async () => {
      await printer.open();
      sim.setCoverOpen(true);
      expect((await rejection(printer.print(receipt))).code).toBe('COVER_OPEN');
      expect(printer.health).toMatchObject({ state: 'attention', reason: 'cover-open' });
    });

    it('refuses with PRINTER_NOT_READY on a cutter error and reports health error', async () => {
      await printer.open();
      sim.setError('cutter');
      expect((await rejection(printer.print(receipt))).code).toBe('PRINTER_NOT_READY');
      expect(printer.health).toMatchObject({ state: 'error', reason: 'cutter-error' });
    });

    it('still prints on paper near end, and asks for attention', async () => {
      sim.setPaper('near-end');
      await printer.open();
      expect(printer.health).toMatchObject({ state: 'attention', reason: 'paper-near-end' });
      expect(await printer.print(receipt)).toMatchObject({ printed: true, status: { paperNearEnd: true } });
      expect(printer.health).toMatchObject({ state: 'attention', reason: 'paper-near-end' });
    });

    it('reports a job interrupted by paper running out, so it can be reprinted', async () => {
      await printer.open();
      sim.runOutOfPaperAfter(3);
      const result = await printer.print(longReceipt);
      expect(result).toMatchObject({ printed: false, interrupted: true, code: 'PAPER_OUT', status: { paperOut: true } });
      expect(result.jobId).toMatch(/^[0-9a-f-]{36}$/);
      const job = await sim.waitForJob();
      expect(job.interrupted).toBe(true);
      expect(job.text).toContain('第3行');
      expect(job.text).not.toContain('第4行');
      expect(printer.health).toMatchObject({ state: 'attention', reason: 'paper-out' });
      // Paper reloaded: the next job goes through whole.
      sim.setPaper('ok');
      expect(await printer.print(longReceipt)).toMatchObject({ printed: true });
      expect((await sim.waitForJob()).text).toContain('第10行');
    });

    it('goes offline when the printer is unplugged and refuses jobs without hanging', async () => {
      await printer.open();
      const offline = nextHealth(printer, (e) => e.state === 'offline');
      await sim.close();
      expect(await offline).toMatchObject({ state: 'offline', reason: 'disconnected' });
      const started = Date.now();
      expect((await rejection(printer.print(receipt))).code).toBe('OFFLINE');
      expect((await rejection(printer.getStatus())).code).toBe('OFFLINE');
      // Not a speed check (machines under load vary): refusing must not wait for a timeout.
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('times out on a printer that stops answering and marks it offline', async () => {
      await printer.open();
      sim.setAnswersStatus(false);
      expect((await rejection(printer.getStatus())).code).toBe('TIMEOUT');
      expect(printer.health).toMatchObject({ state: 'offline', reason: 'no-response' });
      expect((await rejection(printer.print(receipt))).code).toBe('TIMEOUT');
      sim.setAnswersStatus(true);
      await printer.getStatus();
      expect(printer.health.state).toBe('ready');
    });

    it('polls between jobs and follows the paper state', async () => {
      await printer.close();
      printer = make({ pollIntervalMs: 40 });
      await printer.open();
      sim.setPaper('out');
      expect(await nextHealth(printer, (e) => e.state === 'attention')).toMatchObject({ reason: 'paper-out' });
      sim.setPaper('ok');
      await nextHealth(printer, (e) => e.state === 'ready');
    });

    it('reports printed only once the printer has worked through the job', async () => {
      await printer.open();
      sim.pausePrinting(true);
      let settled = false;
      const job = printer.print(receipt).finally(() => (settled = true));
      await nextHealth(printer, (e) => e.state === 'busy');
      await new Promise((r) => setTimeout(r, 150)); // several status polls while "printing"
      expect(settled).toBe(false);
      expect(sim.jobs()).toEqual([]);
      sim.pausePrinting(false);
      expect(await job).toMatchObject({ printed: true });
      expect(sim.jobs()).toHaveLength(1);
      expect(printer.health.state).toBe('ready');
    });

    it('reports a job as interrupted, not hung, when the printer is unplugged mid-job', async () => {
      await printer.open();
      sim.pausePrinting(true);
      const job = printer.print(receipt);
      await nextHealth(printer, (e) => e.state === 'busy');
      await sim.close();
      expect(await job).toMatchObject({ printed: false, interrupted: true, code: 'OFFLINE' });
      expect(printer.health).toMatchObject({ state: 'offline', reason: 'disconnected' });
    });

    it('reports TIMEOUT when a job takes longer than jobTimeoutMs', async () => {
      await printer.close();
      printer = make({ jobTimeoutMs: 200 });
      await printer.open();
      sim.pausePrinting(true);
      expect(await printer.print(receipt)).toMatchObject({ printed: false, interrupted: true, code: 'TIMEOUT', status: { online: true } });
    });

    it("detects paper running out with 'status-only' completion for printers without GS r", async () => {
      await printer.close();
      printer = make({ completion: 'status-only' });
      await printer.open();
      expect(await printer.print(receipt)).toMatchObject({ printed: true });
      sim.runOutOfPaperAfter(3);
      expect(await printer.print(longReceipt)).toMatchObject({ printed: false, interrupted: true, code: 'PAPER_OUT' });
      expect(sim.jobs().map((j) => j.interrupted)).toEqual([false, true]);
    });

    it('rejects a document it cannot encode without touching the printer', async () => {
      await printer.open();
      expect((await rejection(printer.print({ blocks: [{ kind: 'qr', data: '1'.repeat(8000) }] }))).code).toBe('INVALID_DOCUMENT');
      expect(printer.health.state).toBe('ready');
    });

    it('fails to open when nothing answers, with a typed error', async () => {
      sim.setAnswersStatus(false);
      expect((await rejection(printer.open())).code).toBe('TIMEOUT');
      expect(printer.health.state).toBe('offline');
    });
  });
}
