// Serves kioskctl on a unix socket under the kiosk's data dir (mode 0600): device list with
// discovery, a live event monitor, a printer test page, status, diagnostics and device retry.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { EventBus } from '../bridge/event-bus.js';
import { ADMIN_SOCKET_NAME, adminRequestSchema, type AdminEvent, type AdminRequest, type AdminResponse, type DevicesResult, type DiagResult, type StatusResult } from './admin-protocol.js';
import type { DeviceManager } from './device-manager.node.js';
import { discoverDevices, type Discovery } from './devices/discovery.node.js';
import type { HostLogger } from './log.node.js';
import { placeIdCard, scanCode, swipeCard } from './admin-demo-devices.node.js';
import { pressPinPadKeys } from './admin-pinpad.node.js';
import { testPage } from './test-page.js';

export interface AdminServer {
  socketPath: string;
  /** Stops listening and drops every connected kioskctl (a monitor would otherwise hold it open). */
  close(): Promise<void>;
}

export interface AdminServerOptions {
  dataDir: string;
  devices: Pick<DeviceManager, 'summary' | 'roleOf' | 'print' | 'list' | 'onDeviceEvent' | 'retry'> & Partial<Pick<DeviceManager, 'simulatorControls'>>;
  events: EventBus;
  log: HostLogger;
  kioskId: string;
  status(): Promise<StatusResult>;
  diag(): Promise<DiagResult>;
  /** Injectable so tests can stand in for a machine without udev. */
  discover?: () => Promise<Discovery>;
  /** The maintenance switch remote commands use (null until they have started). */
  maintenance?: () => MaintenanceSwitch | null;
}

export interface MaintenanceSwitch {
  on(): boolean;
  set(on: boolean, by: string): Promise<void>;
}

export async function startAdminServer(opts: AdminServerOptions): Promise<AdminServer> {
  const socketPath = path.join(opts.dataDir, ADMIN_SOCKET_NAME);
  if (existsSync(socketPath)) rmSync(socketPath);
  const discover = opts.discover ?? (() => discoverDevices());

  const answer = async (req: Exclude<AdminRequest, { cmd: 'monitor' }>): Promise<unknown> => {
    switch (req.cmd) {
      case 'devices': {
        const found = await discover();
        return { configured: opts.devices.summary(), discovered: found.devices, unavailable: found.unavailable } satisfies DevicesResult;
      }
      case 'status':
        return opts.status();
      case 'diag':
        return opts.diag();
      case 'retry': {
        const health = await opts.devices.retry(req.role);
        opts.log.info({ role: req.role, state: health.state }, 'device reopened from kioskctl');
        return { role: req.role, health };
      }
      case 'pinpad':
        return pressPinPadKeys(opts.devices, req.role, req.keys);
      case 'swipe':
        return swipeCard(opts.devices, req.role, req.card);
      case 'idcard':
        return placeIdCard(opts.devices, req.role, req.card);
      case 'scan':
        return scanCode(opts.devices, req.role, req.text);
      case 'maintenance': {
        const control = opts.maintenance?.();
        if (!control) throw Object.assign(new Error('the host is still starting; try again in a moment'), { code: 'NOT_READY' });
        if (req.on !== undefined && req.on !== control.on()) await control.set(req.on, req.by ?? 'kioskctl');
        return { maintenance: control.on() };
      }
      case 'print-test': {
        const role = req.role ?? opts.devices.roleOf('receipt-printer');
        if (!role) throw Object.assign(new Error('no receipt printer is configured'), { code: 'NO_DEVICE' });
        const result = await opts.devices.print(role, testPage({ kioskId: opts.kioskId, role, at: new Date() }));
        opts.log.info({ role, printed: result.printed }, 'test page printed from kioskctl');
        return { role, ...result };
      }
    }
  };

  const clients = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    clients.add(socket);
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
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          send({ id: 0, ok: false, error: { code: 'BAD_REQUEST', message: 'not JSON' } });
          continue;
        }
        const parsed = adminRequestSchema.safeParse(raw);
        if (!parsed.success) {
          const rawId = (raw as { id?: unknown } | null)?.id;
          const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
          send({ id: typeof rawId === 'number' ? rawId : 0, ok: false, error: { code: 'BAD_REQUEST', message } });
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
    socket.on('close', () => {
      clients.delete(socket);
      unsubscribers.forEach((u) => u());
    });
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
        // server.close() waits for every open connection; an attached `kioskctl monitor`
        // never ends its own, so the host would never stop. The client sees the socket close.
        server.close(() => resolve());
        for (const socket of clients) socket.destroy();
        rmSync(socketPath, { force: true });
      }),
  };
}
