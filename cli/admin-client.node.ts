import net from 'node:net';
import path from 'node:path';
import { ADMIN_SOCKET_NAME, type AdminEvent, type AdminRequest, type AdminResponse } from '../electron/host/admin-protocol.js';

type RequestBody = AdminRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class AdminError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class AdminClient {
  private nextId = 1;
  private buffer = '';
  private readonly waiting = new Map<number, (r: AdminResponse) => void>();
  private onEvent: ((e: AdminEvent) => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, nl)) as AdminResponse | AdminEvent;
        this.buffer = this.buffer.slice(nl + 1);
        if ('event' in msg) this.onEvent?.(msg);
        else this.waiting.get(msg.id)?.(msg);
      }
    });
  }

  static connect(dataDir: string): Promise<AdminClient> {
    const socketPath = path.resolve(dataDir, ADMIN_SOCKET_NAME);
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath, () => resolve(new AdminClient(socket)));
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EACCES' || err.code === 'EPERM') reject(new AdminError('FORBIDDEN', `${socketPath} is the kiosk user's only: run kioskctl as that user or with sudo`));
        else reject(new AdminError('NOT_RUNNING', err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? `no kiosk host is running with data dir ${dataDir} (${socketPath})` : err.message));
      });
    });
  }

  request(body: RequestBody): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => {
        this.waiting.delete(id);
        if (r.ok) resolve(r.result);
        else reject(new AdminError(r.error.code, r.error.message));
      });
      this.socket.write(JSON.stringify({ id, ...body }) + '\n');
    });
  }

  /** Streams events until the host goes away or the process is interrupted. */
  async monitor(onEvent: (e: AdminEvent) => void): Promise<void> {
    this.onEvent = onEvent;
    const initial = (await this.request({ cmd: 'monitor' })) as { devices: unknown[] };
    for (const d of initial.devices) onEvent({ event: 'device.health', at: new Date().toISOString(), payload: d });
    await new Promise<void>((resolve) => {
      this.socket.once('close', resolve);
      process.once('SIGINT', resolve);
    });
  }

  close(): void {
    this.socket.end();
  }
}
