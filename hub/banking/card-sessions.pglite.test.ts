import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../storage/migrations.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import { CardSessionStore } from './card-sessions.js';

let testDb: TestDatabase;
let clock = Date.parse('2026-12-03T12:00:00Z');
const now = () => clock;

beforeAll(async () => {
  testDb = await openTestPglite();
  await migrate(testDb.db);
}, 60_000);
afterAll(async () => {
  await testDb?.dispose();
});

describe('CardSessionStore', () => {
  it('ends a session left idle, pushes the deadline back on use, and caps its life', async () => {
    const sessions = new CardSessionStore(testDb.db, { idleMs: 60_000, maxMs: 150_000, now });
    const opened = await sessions.open('k1', 'K1001', '622202*********0017');
    expect(opened.expiresAt).toBe(new Date(clock + 60_000).toISOString());
    clock += 50_000;
    expect((await sessions.use('k1', opened.sessionId))?.expiresAt).toBe(new Date(clock + 60_000).toISOString());
    clock += 50_000;
    expect((await sessions.use('k1', opened.sessionId))?.cardRef).toBe('K1001');
    clock += 50_000;
    // 150 s after opening: the cap, however recently it was used.
    expect(await sessions.use('k1', opened.sessionId)).toBeNull();

    const idle = await sessions.open('k1', 'K1001', '622202*********0017');
    // A look (is it live?) does not push the deadline back as a use does.
    clock += 50_000;
    expect(await sessions.isLive('k1', idle.sessionId)).toBe(true);
    expect(await sessions.isLive('k2', idle.sessionId)).toBe(false);
    clock += 10_001;
    expect(await sessions.isLive('k1', idle.sessionId)).toBe(false);
    expect(await sessions.use('k1', idle.sessionId)).toBeNull();
  });

  it('belongs to one kiosk, one at a time, and ends on request', async () => {
    const sessions = new CardSessionStore(testDb.db, { now });
    const first = await sessions.open('k2', 'K1001', '622202*********0017');
    expect(await sessions.use('k3', first.sessionId)).toBeNull();
    const second = await sessions.open('k2', 'K1002', '622202*********0025');
    expect(await sessions.use('k2', first.sessionId)).toBeNull();
    expect(await sessions.end('k3', second.sessionId)).toBe(false);
    expect(await sessions.end('k2', second.sessionId)).toBe(true);
    expect(await sessions.use('k2', second.sessionId)).toBeNull();
    expect(await sessions.use('k2', randomUUID())).toBeNull();
    clock += 2 * 24 * 60 * 60_000;
    expect(await sessions.prune()).toBeGreaterThanOrEqual(2);
  });
});
