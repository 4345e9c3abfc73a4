// Serves kioskctl on a unix socket under the kiosk's data dir (mode 0600): device list with
// discovery, a live event monitor, and a printer test page.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { EventBus } from '../bridge/event-bus.js';
import { ADMIN_SOCKET_NAME, adminRequestSchema, type AdminEvent, type AdminRequest, type AdminResponse } from './admin-protocol.js';
import type { DeviceManager } from './device-manager.node.js';
import { discoverDevices } from './devices/discovery.node.js';
import type { HostLogger } from './log.node.js';
import { testPage } from './test-page.js';

export interface AdminServer {
  socketPath: string;
  close(): Promise<void>;
}

export async function startAdminServer(opts: { dataDir: string; devices: DeviceManager; events: EventBus; log: HostLogger; kioskId: string }): Promise<AdminServer> {
  const socketPath = path.join(opts.dataDir, ADMIN_SOCKET_NAME);
  if (existsSync(socketPath)) rmSync(socketPath);

  const answer = async (req: AdminRequest): Promise<unknown> => {
    if (req.cmd === 'devices') return { configured: opts.devices.summary(), discovered: await discoverDevices() };
    const role = req.cmd === 'print-test' ? (req.role ?? opts.devices.roleOf('receipt-printer')) : null;
    if (!role) throw Object.assign(new Error('no receipt printer is configured'), { code: 'NO_DEVICE' });
    const result = await opts.devices.print(role, testPage({ kioskId: opts.kioskId, role, at: new Date() }));
    opts.log.info({ role, printed: result.printed }, 'test page printed from kioskctl');
    return { role, ...result };
  };

  const server = net.createServer((socket) => {
    const unsubscribers: (() => void)[] = [];
    const send = (msg: AdminResponse | AdminEvent) => {
      if (!socket.destroyed) socket.write(JSON.stringify(msg) + '\n');
    };
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 64 * 1024) return socket.destroy();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let parsed: ReturnType<typeof adminRequestSchema.safeParse>;
        try {
          parsed = adminRequestSchema.safeParse(JSON.parse(line));
        } catch {
          send({ id: 0, ok: false, error: { code: 'BAD_REQUEST', message: 'not JSON' } });
          continue;
        }
        if (!parsed.success) {
          send({ id: 0, ok: false, error: { code: 'BAD_REQUEST', message: parsed.error.issues.map((i) => i.message).join('; ') } });
          continue;
        }
        const req = parsed.data;
        if (req.cmd === 'monitor') {
          unsubscribers.push(opts.events.subscribe((event, payload) => send({ event, at: new Date().toISOString(), payload })));
          unsubscribers.push(opts.devices.onDeviceEvent((e) => send({ event: `device.${e.name}`, at: new Date().toISOString(), payload: { role: e.role, ...(e.payload as object) } })));
          send({ id: req.id, ok: true, result: { monitoring: true, devices: opts.devices.list() } });
          continue;
        }
        answer(req).then(
          (result) => send({ id: req.id, ok: true, result }),
          (err: { code?: string; message?: string }) => send({ id: req.id, ok: false, error: { code: err.code ?? 'INTERNAL', message: err.message ?? 'failed' } }),
        );
      }
    });
    socket.on('close', () => unsubscribers.forEach((u) => u()));
    socket.on('error', () => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}
