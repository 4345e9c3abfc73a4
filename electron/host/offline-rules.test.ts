import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../bridge/contract.js';
import { Backpressure } from './backpressure.node.js';
import { openLocalStore } from './local-store.node.js';
import { ServiceAvailabilityService } from './offline-rules-service.node.js';
import { defaultOfflineRules, judgeOffline, type OfflineRule } from './offline-rules.js';
import { Outbox } from './outbox.node.js';

const none = { count: 0, amountMinor: 0 };
const offline = (over: Partial<{ offlineForMs: number | null; exposure: { count: number; amountMinor: number } }> = {}) => ({ online: false, offlineForMs: 1000, exposure: none, ...over });
const bill: OfflineRule = { allowedOffline: true, maxAmountMinor: 100, maxTotalAmountMinor: 250, maxCount: 3, maxOfflineMs: 60_000 };

describe('offline rules', () => {
  it('allow everything online and only explicitly allowed types offline', () => {
    expect(judgeOffline(undefined, { ...offline(), online: true }, 10)).toEqual({ ok: true });
    expect(judgeOffline(undefined, offline(), null)).toMatchObject({ ok: false, code: 'OFFLINE_NOT_ALLOWED' });
    expect(judgeOffline(defaultOfflineRules['account.open'], offline(), null)).toMatchObject({ code: 'OFFLINE_NOT_ALLOWED' });
    expect(judgeOffline(defaultOfflineRules['queue.ticket.issued'], offline({ offlineForMs: null, exposure: { count: 10_000, amountMinor: 0 } }), null)).toEqual({ ok: true });
  });

  it('cap amount per transaction, cumulative amount, count and time offline', () => {
    expect(judgeOffline(bill, offline(), 100)).toEqual({ ok: true });
    expect(judgeOffline(bill, offline(), 101)).toMatchObject({ code: 'OFFLINE_LIMIT', detail: /amount above/ });
    expect(judgeOffline(bill, offline({ exposure: { count: 2, amountMinor: 200 } }), 60)).toMatchObject({ code: 'OFFLINE_LIMIT', detail: /total/ });
    expect(judgeOffline(bill, offline({ exposure: { count: 2, amountMinor: 200 } }), 50)).toEqual({ ok: true });
    expect(judgeOffline(bill, offline({ exposure: { count: 3, amountMinor: 0 } }), 1)).toMatchObject({ detail: /count/ });
    expect(judgeOffline(bill, offline({ offlineForMs: 60_001 }), 1)).toMatchObject({ detail: /too long/ });
    expect(judgeOffline(bill, offline({ offlineForMs: null }), 1)).toMatchObject({ code: 'OFFLINE_LIMIT' });
    expect(judgeOffline(bill, offline({ exposure: { count: 0, amountMinor: 250 } }), null)).toMatchObject({ code: 'OFFLINE_LIMIT' });
  });
});

describe('service availability and back-pressure', () => {
  async function setup(maxBacklog: number) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-avail-'));
    const db = await openLocalStore(dir);
    let status: SyncStatus = { online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: new Date().toISOString() };
    const alerts: string[] = [];
    let outbox: Outbox | null = null;
    const backpressure = new Backpressure({ db, dbFile: path.join(dir, 'kiosk.sqlite'), limits: { maxBacklog, maxDbBytes: 1e9, minFreeDiskBytes: 0 }, backlog: () => outbox!.backlog(), onLimitReached: (reason) => alerts.push(reason) });
    const service = new ServiceAvailabilityService({ rules: { 'queue.ticket.issued': { allowedOffline: true }, 'bill.payment': bill, 'account.open': { allowedOffline: false } }, exposure: (t) => outbox!.exposure(t), backpressure, syncStatus: () => status });
    outbox = new Outbox(db, { admit: service.admit });
    return { outbox, service, alerts, setOnline: (online: boolean) => (status = { ...status, online }) };
  }

  it('lists what is unavailable offline and enforces the same verdict at enqueue', async () => {
    const { outbox, service, setOnline } = await setup(100);
    expect((await service.list()).services).toEqual([
      { type: 'queue.ticket.issued', available: true },
      { type: 'bill.payment', available: true },
      { type: 'account.open', available: false, reason: 'OFFLINE_NOT_ALLOWED' },
    ]);
    await expect(outbox.enqueue('account.open', {})).rejects.toMatchObject({ code: 'OFFLINE_NOT_ALLOWED' });
    await expect(outbox.enqueue('bill.payment', {}, { amountMinor: 500 })).rejects.toMatchObject({ code: 'OFFLINE_NOT_ALLOWED' });
    for (let i = 0; i < 3; i++) await outbox.enqueue('bill.payment', {}, { amountMinor: 10 });
    expect((await service.list()).services[1]).toEqual({ type: 'bill.payment', available: false, reason: 'OFFLINE_LIMIT' });
    setOnline(true);
    expect((await service.list()).services.every((s) => s.available)).toBe(true);
    await outbox.enqueue('account.open', {});
  });

  it('refuses with STORAGE_FULL at the backlog limit, alerts once, and lets the alert row through', async () => {
    const { outbox, service, alerts } = await setup(3);
    for (let i = 0; i < 3; i++) await outbox.enqueue('queue.ticket.issued', { i });
    await expect(outbox.enqueue('queue.ticket.issued', {})).rejects.toMatchObject({ code: 'STORAGE_FULL', reason: 'BACKLOG' });
    await expect(outbox.enqueue('queue.ticket.issued', {})).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    expect(alerts).toEqual(['BACKLOG']);
    expect((await service.list()).services.every((s) => s.reason === 'STORAGE_FULL')).toBe(true);
    await outbox.enqueue('kiosk.alert.storage-full', { reason: 'BACKLOG' }, { bypassAdmission: true });
    expect(await outbox.backlog()).toBe(4);
  });
});
