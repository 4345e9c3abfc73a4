// Keeps the device worker alive: restarts it with backoff after a crash or a hang (missed
// heartbeats), fails calls in flight with a typed error instead of leaving them hanging,
// and re-sends the device config so every driver comes back on its own.
import type { HostLogger } from '../log.node.js';
import { DeviceCallError } from './device-handle.js';
import type { DeviceConfig } from './device-config.js';
import type { WorkerHandle, WorkerLauncher } from './worker-launcher.node.js';
import { fromWorkerSchema, type FromWorker, type WorkerHealth } from './worker-protocol.js';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface SupervisorOptions {
  launch: WorkerLauncher;
  log: HostLogger;
  onHealth(role: string, health: WorkerHealth): void;
  onEvent(role: string, name: string, payload: unknown): void;
  heartbeatMs?: number | undefined;
  heartbeatTimeoutMs?: number | undefined;
  maxBackoffMs?: number | undefined;
}

export class WorkerSupervisor {
  private worker: WorkerHandle | null = null;
  private devices: DeviceConfig[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastPong = Date.now();
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs = 500;
  private stopping = false;
  private waiters: ((msg: Extract<FromWorker, { t: 'started' }>) => void)[] = [];
  restarts = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  /** Starts the worker with these devices; resolves once every driver has tried to open. */
  async start(devices: DeviceConfig[]): Promise<Extract<FromWorker, { t: 'started' }>> {
    this.devices = devices;
    return this.spawn();
  }

  call(role: string, method: string, args: unknown, timeoutMs = 30_000): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new DeviceCallError('DEVICE_WORKER_DOWN', 'device worker is restarting'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new DeviceCallError('TIMEOUT', `${role}.${method} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.send({ t: 'call', id, role, method, args });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        worker.kill();
        resolve();
      }, 3_000);
      worker.onExit(() => {
        clearTimeout(force);
        resolve();
      });
      worker.send({ t: 'stop' });
    });
  }

  pid(): number | undefined {
    return this.worker?.pid;
  }

  private spawn(): Promise<Extract<FromWorker, { t: 'started' }>> {
    const worker = this.opts.launch();
    this.worker = worker;
    this.lastPong = Date.now();
    worker.onMessage((raw) => this.onMessage(raw));
    worker.onExit((code, signal) => this.onExit(worker, code, signal));
    const hbMs = this.opts.heartbeatMs ?? 2_000;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.checkHeartbeat(worker), hbMs);
    // A worker that dies during start-up is restarted; whoever waits gets the first 'started'.
    const ready = new Promise<Extract<FromWorker, { t: 'started' }>>((resolve) => this.waiters.push(resolve));
    worker.send({ t: 'start', devices: this.devices });
    return ready;
  }

  private checkHeartbeat(worker: WorkerHandle): void {
    if (worker !== this.worker) return;
    const limit = this.opts.heartbeatTimeoutMs ?? 6_000;
    if (Date.now() - this.lastPong > limit) {
      this.opts.log.error({ pid: worker.pid, silentForMs: Date.now() - this.lastPong }, 'device worker hung: killing it');
      worker.kill();
      return;
    }
    worker.send({ t: 'ping', id: this.nextId++ });
  }

  private onMessage(raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.opts.log.warn({}, 'device worker sent a malformed message');
      return;
    }
    const msg = parsed.data;
    this.lastPong = Date.now();
    switch (msg.t) {
      case 'started':
        this.backoffMs = 500;
        for (const resolve of this.waiters.splice(0)) resolve(msg);
        return;
      case 'health':
        return this.opts.onHealth(msg.role, msg.health);
      case 'event':
        return this.opts.onEvent(msg.role, msg.name, msg.payload);
      case 'log':
        this.opts.log[msg.level](msg.obj, msg.msg);
        return;
      case 'pong':
        return;
      case 'result': {
        const entry = this.pending.get(msg.id);
        if (!entry) return;
        clearTimeout(entry.timer);
        this.pending.delete(msg.id);
        if (msg.ok) entry.resolve(msg.value);
        else entry.reject(new DeviceCallError(msg.error.code, msg.error.message, msg.error.osCode));
      }
    }
  }

  private onExit(worker: WorkerHandle, code: number | null, signal: string | null): void {
    if (worker !== this.worker) return;
    this.worker = null;
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new DeviceCallError('DEVICE_WORKER_CRASHED', 'the device worker stopped during the call'));
      this.pending.delete(id);
    }
    if (this.stopping) return;
    const since = new Date().toISOString();
    for (const d of this.devices) this.opts.onHealth(d.role, { state: 'offline', reason: 'driver-restarting', since });
    this.restarts += 1;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs ?? 30_000);
    this.opts.log.error({ code, signal, restarts: this.restarts, restartInMs: delay }, 'device worker exited: restarting it');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.spawn();
    }, delay);
  }
}
