// Receipt throughput over a serial line: a 60-line receipt printed by the real ESC/POS driver
// (status polling on, job end confirmed by GS r) to the PTY simulator, which takes input no
// faster than 115200 baud. Baseline in the same run: the same job bytes written raw to the
// same paced line with nothing else on it. ratio = driver bytes/s ÷ raw bytes/s (≥ 0.9): what
// the driver's status checks and job-end handshake cost on a real line.
import { SerialPort } from 'serialport';
import { encodeReceipt, type ReceiptDocument } from '../../drivers/escpos/index.js';
import { createEscPosPrinter } from '../../drivers/escpos/printer.js';
import { startEscPosSimulator, type EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import { encodeGb18030 } from '../../drivers/escpos/text-encoding.node.js';
import { createSerialTransport } from '../../drivers/transports/serial.node.js';
import { percentile, writeResult, type BenchResult } from '../result.js';

const BAUD = 115_200;

export function sixtyLineReceipt(n: number): ReceiptDocument {
  const lines = Array.from({ length: 58 }, (_, i) => ({ kind: 'text' as const, text: `${String(i + 1).padStart(2, '0')} 电费 Electricity 2026-11 CNY ${(1234 + i * 17 + n).toString().padStart(8, ' ')}.00` }));
  return {
    blocks: [{ kind: 'text', text: `STATEMENT 对账单 #${n}`, bold: true, align: 'center' }, { kind: 'rule' }, ...lines, { kind: 'cut' }],
  };
}

const encode = (doc: ReceiptDocument): Uint8Array => encodeReceipt(doc, { encodeText: encodeGb18030 });

async function rawBytesPerSecond(sim: EscPosSimulator, docs: ReceiptDocument[]): Promise<number> {
  if (sim.endpoint.kind !== 'serial') throw new Error('expected a PTY simulator');
  const port = new SerialPort({ path: sim.endpoint.path, baudRate: BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  try {
    let bytes = 0;
    const start = performance.now();
    for (const doc of docs) {
      const job = encode(doc);
      bytes += job.length;
      port.write(Buffer.from(job));
      await sim.waitForJob(30_000);
    }
    return bytes / ((performance.now() - start) / 1000);
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

export async function run(jobs = 12): Promise<BenchResult> {
  const docs = Array.from({ length: jobs }, (_, i) => sixtyLineReceipt(i));
  const rawSim = await startEscPosSimulator({ pty: true, paceBaud: BAUD });
  let raw: number;
  try {
    raw = await rawBytesPerSecond(rawSim, docs);
  } finally {
    await rawSim.close();
  }

  const sim = await startEscPosSimulator({ pty: true, paceBaud: BAUD });
  if (sim.endpoint.kind !== 'serial') throw new Error('expected a PTY simulator');
  // Status polling on, at a rate a kiosk would use between jobs.
  const printer = createEscPosPrinter({ transport: createSerialTransport({ path: sim.endpoint.path, baudRate: BAUD }), pollIntervalMs: 1000 });
  const perJob: number[] = [];
  let bytes = 0;
  let ms = 0;
  try {
    await printer.open();
    for (const doc of docs) {
      bytes += encode(doc).length;
      const t0 = performance.now();
      const result = await printer.print(doc);
      const dt = performance.now() - t0;
      if (!result.printed) throw new Error(`job not printed: ${JSON.stringify(result)}`);
      await sim.waitForJob(5000);
      perJob.push(dt);
      ms += dt;
    }
  } finally {
    await printer.close();
    await sim.close();
  }
  perJob.sort((a, b) => a - b);
  return writeResult({
    name: 'print-throughput',
    metric: 'bytes/s through the driver (60-line receipt, 115200 baud, status polling on)',
    value: Math.round(bytes / (ms / 1000)),
    unit: 'B/s',
    baseline: { name: `raw writes of the same bytes to the same paced line (line rate ${BAUD / 10} B/s)`, value: Math.round(raw) },
    target: '>=0.9',
    samples: perJob.length,
    p50: Number((percentile(perJob, 50) ?? 0).toFixed(1)),
    p99: Number((percentile(perJob, 99) ?? 0).toFixed(1)),
  });
}
