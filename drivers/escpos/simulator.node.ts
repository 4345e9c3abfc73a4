// An ESC/POS receipt printer on the other end of a TCP socket or a PTY, for tests, the dev
// panel and benchmarks. Closing it is the "unplug": the driver sees the link drop.
import { createServer, type Server, type Socket } from 'node:net';
import { loadSerialPort } from '../transports/serialport-module.node.js';
import { openPtyPair, type PtyPair } from '../transports/pty-pair.node.js';
import { SimulatedPrinter, type PaperState, type SimulatedError, type SimulatedJob } from './sim/model.js';
import { decodeGb18030 } from './text-encoding.node.js';

export type { PaperState, SimulatedError, SimulatedJob } from './sim/model.js';

export type SimulatorEndpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string };

export interface EscPosSimulatorOptions {
  tcp?: { host?: string; port?: number /* 0 = random */ };
  pty?: boolean;
  /**
   * PTYs move bytes as fast as the kernel can, so a PTY simulator takes input no faster than
   * a real serial line would: each chunk holds the reader back for its time on the wire
   * (10 bits a byte, 8N1), which fills the PTY buffer and blocks the driver's writes as a
   * real UART does. Unset: unpaced.
   */
  paceBaud?: number;
  decodeText?: (bytes: Uint8Array) => string;
}

export interface EscPosSimulator {
  readonly endpoint: SimulatorEndpoint;
  jobs(): SimulatedJob[];
  lastJobText(): string | undefined;
  /** The next job not yet returned by waitForJob (jobs are handed out in order). */
  waitForJob(timeoutMs?: number): Promise<SimulatedJob>;
  setPaper(state: PaperState): void;
  setCoverOpen(open: boolean): void;
  setOnline(online: boolean): void;
  setError(error: SimulatedError): void;
  /** Mute printer: status requests go unanswered. */
  setAnswersStatus(answers: boolean): void;
  /** Paper runs out after this many more printed lines (a QR code counts as 8). */
  runOutOfPaperAfter(lines: number): void;
  /** A slow printer: print data waits in the buffer (status is still answered) until resumed. */
  pausePrinting(paused: boolean): void;
  protocolErrors(): SimulatedPrinter['protocolErrors'];
  close(): Promise<void>;
}

export async function startEscPosSimulator(opts: EscPosSimulatorOptions = {}): Promise<EscPosSimulator> {
  const printer = new SimulatedPrinter(opts.decodeText ?? decodeGb18030);
  const link = opts.pty ? await servePty(printer, opts.paceBaud) : await serveTcp(printer, opts.tcp ?? {});
  let handedOut = 0;
  return {
    endpoint: link.endpoint,
    jobs: () => [...printer.jobs],
    lastJobText: () => printer.jobs.at(-1)?.text,
    async waitForJob(timeoutMs = 5000) {
      const job = await printer.whenJob(handedOut, timeoutMs);
      handedOut += 1;
      return job;
    },
    setPaper: (state) => printer.setPaper(state),
    setCoverOpen: (open) => printer.setCoverOpen(open),
    setOnline: (online) => {
      printer.online = online;
    },
    setError: (error) => {
      printer.error = error;
    },
    setAnswersStatus: (answers) => {
      printer.answersStatus = answers;
    },
    runOutOfPaperAfter: (lines) => printer.runOutOfPaperAfter(lines),
    pausePrinting: (paused) => printer.pausePrinting(paused),
    protocolErrors: () => printer.protocolErrors,
    close: link.close,
  };
}

interface Link {
  endpoint: SimulatorEndpoint;
  close(): Promise<void>;
}

async function serveTcp(printer: SimulatedPrinter, opts: { host?: string; port?: number }): Promise<Link> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const conn = printer.connect((reply) => {
      if (!socket.destroyed) socket.write(reply);
    });
    socket.on('data', (chunk: Buffer) => conn.receive(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: { kind: 'tcp', host, port },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

async function servePty(printer: SimulatedPrinter, paceBaud?: number): Promise<Link> {
  const { SerialPort } = await loadSerialPort();
  const pair: PtyPair = await openPtyPair();
  const port = new SerialPort({ path: pair.simPath, baudRate: 115200, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await pair.close();
    throw err;
  }
  const conn = printer.connect((reply) => {
    if (port.isOpen) port.write(Buffer.from(reply));
  });
  // Paced: the chunk is taken when its last byte would have arrived on the wire.
  let wireFreeAt = 0;
  port.on('data', (chunk: Buffer) => {
    if (!paceBaud) return conn.receive(chunk);
    port.pause();
    const now = performance.now();
    wireFreeAt = Math.max(wireFreeAt, now) + (chunk.length * 10_000) / paceBaud;
    setTimeout(() => {
      conn.receive(chunk);
      if (port.isOpen) port.resume();
    }, wireFreeAt - now);
  });
  port.on('error', () => undefined);
  return {
    endpoint: { kind: 'serial', path: pair.driverPath },
    async close() {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      // Killing socat hangs up the driver's end, which is what an unplugged cable looks like.
      await pair.close();
    },
  };
}
