// The first journey through every layer below the page: bridge dispatch → host → ESC/POS
// driver → simulated printer on TCP, and outbox → sync → hub, including an offline start.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { startEscPosSimulator, type EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';
import { freePort } from '../../scripts/start-helpers.js';
import { ticketIssuedPayloadSchema } from '../../protocol/branch-queue.js';

let sim: EscPosSimulator;
let host: KioskHost;
let hub: TestHub | null = null;
let dataDir: string;
let hubPort: number;

async function call(method: string, params: unknown) {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.result as Record<string, unknown>;
}

async function hubTransactions() {
  return (await hub!.staffGet<{ items: { id: string; seq: number; type: string; payload: Record<string, unknown> }[] }>('/v1/transactions?kioskId=K09')).items;
}

beforeAll(async () => {
  sim = await startEscPosSimulator({ tcp: { port: 0 } });
  if (sim.endpoint.kind !== 'tcp') throw new Error('expected tcp');
  hubPort = await freePort(0);
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: 'K09',
      ticketPrefix: '9',
      dataDir: (dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-journey-'))),
      hubUrl: `http://127.0.0.1:${hubPort}`,
      syncIntervalMs: 60_000,
      devices: [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: sim.endpoint.host, port: sim.endpoint.port } }],
    },
  });
  host = await startHost({ config, logger: silentLogger() });
});

afterAll(async () => {
  await host?.close();
  await hub?.close();
  await sim?.close();
});

describe('queue ticket journey (host + printer simulator + hub)', () => {
  it('issues and prints a ticket while the hub is down, keeping it in the outbox', async () => {
    const { ticket, print } = (await call('queue.issueTicket', { serviceId: 'deposits', locale: 'zh-CN' })) as {
      ticket: { id: string; number: string; ahead: number | null };
      print: { printed: boolean };
    };
    expect(ticket.number).toBe('A9001');
    // No hub to ask: the ticket says nothing about the wait rather than guess.
    expect(ticket.ahead).toBeNull();
    expect(print).toEqual({ printed: true });
    const job = await sim.waitForJob();
    expect(job.text).toContain('<<A9001>>');
    expect(job.text).toContain('个人存取款');
    expect(job.text).toContain('请留意叫号');
    expect(job.text).toContain(`[QR:BKT:${ticket.id}]`);
    expect(job.text).toContain('CUT');
    await host.syncNow();
    expect(await call('sync.status', {})).toMatchObject({ online: false, backlog: 1 });
  });

  it('delivers the offline ticket once the hub is up, exactly once', async () => {
    hub = await startTestHub({ port: hubPort });
    await hub.enroll('K09', dataDir);
    await host.syncNow();
    await host.syncNow();
    const items = await hubTransactions();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ seq: 1, type: 'queue.ticket.issued', payload: { number: 'A9001', serviceId: 'deposits', kioskId: 'K09' } });
    // What the hub's branch queue reads: a regular ticket (the deposits service is not a VIP one).
    expect(ticketIssuedPayloadSchema.parse(items[0]!.payload)).toMatchObject({ number: 'A9001', serviceId: 'deposits' });
    expect(items[0]!.payload).not.toHaveProperty('serviceClass');
    expect(await call('sync.status', {})).toMatchObject({ online: true, backlog: 0 });
  });

  it('numbers tickets per service and keeps the ticket when the printer is out of paper', async () => {
    // The hub of the previous case starts PGlite in this process, which can block the in-process
    // printer simulator past the driver's 1 s status poll: the printer is then offline for a
    // moment and reopens. Start from a ready printer, as a customer would meet it.
    await expect
      .poll(async () => ((await host.dispatch('devices.list', {})) as { ok: true; result: { state: string }[] }).result[0]?.state, { timeout: 10_000 })
      .toBe('ready');
    const second = (await call('queue.issueTicket', { serviceId: 'deposits', locale: 'en' })) as { ticket: { number: string; ahead: number | null; estimatedWaitSec?: number | null } };
    expect(second.ticket.number).toBe('A9002');
    // The hub's branch queue holds A9001 (synced above) and no counter is open: one ahead, no honest estimate.
    expect(second.ticket).toMatchObject({ ahead: 1, estimatedWaitSec: null });
    const printed = (await sim.waitForJob()).text;
    expect(printed).toContain('Deposits & withdrawals');
    expect(printed).toContain('1 waiting ahead of you');
    expect(printed).not.toContain('Estimated wait');
    const vip = (await call('queue.issueTicket', { serviceId: 'vip', locale: 'en' })) as { ticket: { number: string } };
    expect(vip.ticket.number).toBe('V9001');
    await sim.waitForJob();

    sim.setPaper('out');
    const dry = (await call('queue.issueTicket', { serviceId: 'loans', locale: 'zh-CN' })) as { ticket: { id: string; number: string }; print: { printed: boolean; code?: string } };
    expect(dry.ticket.number).toBe('B9001');
    expect(dry.print).toEqual({ printed: false, code: 'PAPER_OUT' });
    const devices = (await host.dispatch('devices.list', {})) as { ok: true; result: { state: string; reason?: string }[] };
    expect(devices.result[0]).toMatchObject({ state: 'attention', reason: 'paper-out' });

    sim.setPaper('ok');
    expect(await call('queue.reprintTicket', { ticketId: dry.ticket.id, locale: 'zh-CN' })).toEqual({ printed: true });
    expect((await sim.waitForJob()).text).toContain('<<B9001>>');

    await host.syncNow();
    const items = await hubTransactions();
    expect(items.map((i) => i.payload.number)).toEqual(['A9001', 'A9002', 'V9001', 'B9001']);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4]);
    expect(items.map((i) => i.payload.serviceClass)).toEqual([undefined, undefined, 'vip', undefined]);
  });

  it('a ticket for priority service says so on paper and reaches the branch queue as priority-assist', async () => {
    const { ticket } = (await call('queue.issueTicket', { serviceId: 'deposits', locale: 'zh-CN', priority: true })) as { ticket: { number: string; priority?: boolean } };
    expect(ticket).toMatchObject({ number: 'A9003', priority: true });
    expect((await sim.waitForJob()).text).toContain('优先服务 / Priority service');
    await host.syncNow();
    const row = (await hubTransactions()).find((i) => i.payload.number === 'A9003');
    expect(ticketIssuedPayloadSchema.parse(row?.payload)).toMatchObject({ serviceClass: 'priority-assist' });
  });

  it('refuses an unknown service without recording anything', async () => {
    const env = await host.dispatch('queue.issueTicket', { serviceId: 'mortgage-magic', locale: 'en' });
    expect(env).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('sync.status', {})).toMatchObject({ backlog: 0 });
  });
});
