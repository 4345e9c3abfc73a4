// The kioskctl socket as a client sees it: validation, answers, and a close that does not
// wait for an attached monitor to hang up by itself.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../bridge/event-bus.js';
import { startAdminServer, type AdminServer, type AdminServerOptions } from './admin-server.node.js';
import type { StatusResult } from './admin-protocol.js';
import { DeviceCallError } from './devices/device-handle.js';
import { silentLogger } from './log.node.js';

const health = { role: 'receipt', kind: 'receipt-printer', state: 'offline', reason: 'disconnected', since: '2026-01-01T00:00:00.000Z' } as const;
const status: StatusResult = {
  kioskId: 'K09',
  version: '0.1.0',
  startedAt: '2026-01-01T00:00:00.000Z',
  hub: { url: null, online: false, lastSyncAt: null, enrolled: false },
  outbox: { backlog: 0, oldestPendingAt: null, deadLetters: 0, recentDeadLetters: [] },
  devices: [],
  discovery: null,
};

const devices: AdminServerOptions['devices'] = {
  summary: () => [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', where: 'tcp://p1:9100', health, lastError: null }],
  roleOf: () => 'receipt',
  print: () => Promise.reject(new Error('not in this test')),
  list: () => [health],
  onDeviceEvent: () => () => undefined,
  retry: async (role) => {
    if (role !== 'receipt') throw new DeviceCallError('NO_DEVICE', `no device with role ${role}`);
    return { ...health, state: 'ready', reason: undefined };
  },
};

let server: AdminServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(overrides: Partial<AdminServerOptions> = {}): Promise<AdminServer> {
  server = await startAdminServer({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-admin-')),
    devices,
    events: new EventBus(),
    log: silentLogger(),
    kioskId: 'K09',
    status: async () => status,
    diag: () => Promise.reject(new Error('not in this test')),
    ...overrides,
  });
  return server;
}

function connect(socketPath: string): Promise<{ socket: net.Socket; next(): Promise<Record<string, unknown>>; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const lines: Record<string, unknown>[] = [];
    const waiting: ((l: Record<string, unknown>) => void)[] = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
        buffer = buffer.slice(nl + 1);
        const w = waiting.shift();
        if (w) w(msg);
        else lines.push(msg);
      }
    });
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({ socket, closed, next: () => new Promise((r) => (lines.length > 0 ? r(lines.shift()!) : waiting.push(r))) }),
    );
  });
}

describe('admin server', () => {
  it('closes while a monitor is attached, dropping the client', async () => {
    const admin = await start();
    const client = await connect(admin.socketPath);
    client.socket.write(JSON.stringify({ id: 1, cmd: 'monitor' }) + '\n');
    expect(await client.next()).toMatchObject({ id: 1, ok: true, result: { monitoring: true } });
    await admin.close();
    server = null;
    await client.closed;
    expect(client.socket.destroyed).toBe(true);
  });

  it('refuses malformed requests with the offending field named', async () => {
    const admin = await start();
    const client = await connect(admin.socketPath);
    client.socket.write('{"id":2,"cmd":"retry","role":"Bad Role!"}\n');
    expect(await client.next()).toMatchObject({ id: 2, ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('role:') } });
    client.socket.write('{"id":3,"cmd":"reboot"}\n');
    expect(await client.next()).toMatchObject({ id: 3, ok: false, error: { code: 'BAD_REQUEST' } });
    client.socket.write('not json\n');
    expect(await client.next()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'not JSON' } });
    client.socket.destroy();
  });

  it('answers status, retry and devices — with discovery unavailable stated, not failed', async () => {
    const admin = await start({ discover: async () => ({ devices: [], unavailable: [{ bus: 'serial', reason: 'udevadm not found — install udev' }] }) });
    const client = await connect(admin.socketPath);
    client.socket.write(JSON.stringify({ id: 4, cmd: 'status' }) + '\n');
    expect(await client.next()).toEqual({ id: 4, ok: true, result: status });
    client.socket.write(JSON.stringify({ id: 5, cmd: 'retry', role: 'receipt' }) + '\n');
    expect(await client.next()).toMatchObject({ id: 5, ok: true, result: { role: 'receipt', health: { state: 'ready' } } });
    client.socket.write(JSON.stringify({ id: 6, cmd: 'retry', role: 'scanner' }) + '\n');
    expect(await client.next()).toMatchObject({ id: 6, ok: false, error: { code: 'NO_DEVICE' } });
    client.socket.write(JSON.stringify({ id: 7, cmd: 'devices' }) + '\n');
    expect(await client.next()).toMatchObject({ id: 7, ok: true, result: { discovered: [], unavailable: [{ bus: 'serial', reason: 'udevadm not found — install udev' }] } });
    client.socket.destroy();
  });
});
