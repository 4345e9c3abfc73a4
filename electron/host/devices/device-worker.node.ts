// Entry point of the device worker process. Runs every configured driver and answers the
// host's calls; if a driver crashes this process, the host restarts it, the kiosk stays up.
import type { DriverLogger } from '../../../drivers/shared/logger.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import { toLoggable } from './loggable.js';
import { driverFactories } from './driver-registry.node.js';
import { toWorkerSchema, type FromWorker, type ToWorker, type WorkerError } from './worker-protocol.js';

export interface WorkerPort {
  send(msg: FromWorker): void;
  onMessage(cb: (msg: unknown) => void): void;
}

function portLogger(port: WorkerPort, role: string): DriverLogger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) =>
    port.send({ t: 'log', level, obj: { ...toLoggable(obj), role }, msg: msg ?? '' });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A driver error as it crosses to the host, keeping the OS error of a transport failure. */
function wireError(err: unknown): WorkerError {
  if (err instanceof DeviceCallError) return err.toWire();
  const e = err as { code?: unknown; osCode?: unknown; errno?: unknown; syscall?: unknown; cause?: unknown };
  // Drivers may wrap the TransportError; its OS fields then sit on the cause.
  const os = typeof e.osCode === 'string' ? e : (e.cause as typeof e | undefined);
  const message = err instanceof Error ? err.message : String(err);
  const wrapped = os !== e && typeof os?.osCode === 'string' && os instanceof Error ? os.message : null;
  const causeMessage = wrapped && !message.includes(wrapped) ? `: ${wrapped}` : '';
  return {
    code: typeof e.code === 'string' ? e.code : 'DRIVER_ERROR',
    message: message + causeMessage,
    ...(typeof os?.osCode === 'string' ? { osCode: os.osCode } : {}),
    ...(typeof os?.errno === 'number' ? { errno: os.errno } : {}),
    ...(typeof os?.syscall === 'string' ? { syscall: os.syscall } : {}),
  };
}

export function runDeviceWorker(port: WorkerPort, exit: (code: number) => void): void {
  const handles = new Map<string, DeviceHandle>();

  const start = async (msg: Extract<ToWorker, { t: 'start' }>) => {
    const failed: { role: string; error: WorkerError }[] = [];
    for (const config of msg.devices) {
      const factory = driverFactories[config.driver];
      if (!factory) {
        failed.push({ role: config.role, error: { code: 'UNKNOWN_DRIVER', message: `no driver named ${config.driver}` } });
        continue;
      }
      try {
        const handle = factory(config, portLogger(port, config.role));
        handle.onHealth((health) => port.send({ t: 'health', role: config.role, health }));
        handle.onEvent((name, payload) => port.send({ t: 'event', role: config.role, name, payload }));
        handles.set(config.role, handle);
        // A device that fails to open stays configured; the host reopens it later.
        await handle.open().catch((err: unknown) => failed.push({ role: config.role, error: wireError(err) }));
        port.send({ t: 'health', role: config.role, health: handle.health() });
      } catch (err) {
        failed.push({ role: config.role, error: wireError(err) });
      }
    }
    port.send({ t: 'started', roles: [...handles.keys()], failed });
  };

  const call = async (msg: Extract<ToWorker, { t: 'call' }>) => {
    const handle = handles.get(msg.role);
    try {
      if (!handle) throw new DeviceCallError('NO_DEVICE', `no device with role ${msg.role}`);
      const value = msg.method === 'reopen' ? await handle.open() : await handle.call(msg.method, msg.args);
      port.send({ t: 'result', id: msg.id, ok: true, value: value ?? null });
    } catch (err) {
      port.send({ t: 'result', id: msg.id, ok: false, error: wireError(err) });
    }
  };

  port.onMessage((raw) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.t === 'start') void start(msg);
    else if (msg.t === 'call') void call(msg);
    else if (msg.t === 'ping') port.send({ t: 'pong', id: msg.id });
    else if (msg.t === 'stop') void Promise.allSettled([...handles.values()].map((h) => h.close())).then(() => exit(0));
  });
}

// Ctrl+C in a terminal signals the whole process group: the host stops the worker itself
// (a 'stop' message, then the devices close in order), so the worker must not die first.
process.on('SIGINT', () => undefined);

// Started as a child process (Node fork) or an Electron utility process.
const parentPort = (process as { parentPort?: { on(e: 'message', cb: (m: { data: unknown }) => void): void; postMessage(m: unknown): void } }).parentPort;
if (parentPort) {
  runDeviceWorker({ send: (m) => parentPort.postMessage(m), onMessage: (cb) => parentPort.on('message', (e) => cb(e.data)) }, (c) => process.exit(c));
} else if (process.send) {
  const send = process.send.bind(process);
  runDeviceWorker({ send: (m) => void send(m), onMessage: (cb) => process.on('message', cb) }, (c) => process.exit(c));
  process.on('disconnect', () => process.exit(0));
}
