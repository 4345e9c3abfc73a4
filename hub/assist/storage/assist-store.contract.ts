// One behaviour suite for the assistance history and staff sign-in on every engine: the
// PGlite and PostgreSQL test files both call it. Tests keep apart by fresh ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../testing/test-databases.node.js';
import { StaffAuth } from '../staff/staff-auth.node.js';
import { totpCode } from '../staff/totp.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY, type TestStaff } from '../testing/staff-fixtures.js';
import { createAssistStore, type AssistStore, type OpenedRequest } from './assist-store.js';

const uuid = () => globalThis.crypto.randomUUID();
const SEC = 1000;

export function describeAssistStoreContract(engine: 'pglite' | 'postgres', open: () => Promise<TestDatabase>): void {
  describe(`assistance storage on ${engine}`, () => {
    let testDb: TestDatabase;
    let store: AssistStore;
    let auth: StaffAuth;
    const clock = new FakeClock();
    let expert: TestStaff;
    let other: TestStaff;

    beforeAll(async () => {
      testDb = await open();
      store = await createAssistStore(testDb.db);
      auth = new StaffAuth({ db: testDb.db, clock, sessionTtlSec: 3600, idleSec: 600, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      expert = await createTestStaff(auth);
      other = await createTestStaff(auth);
      // An embedded PGlite takes seconds to start on a busy 2-core machine.
    }, 60_000);
    afterAll(async () => {
      await testDb?.dispose();
    });

    function opened(over: Partial<OpenedRequest> = {}): OpenedRequest {
      return {
        requestId: uuid(), kioskId: `K-${uuid().slice(0, 8)}`, language: 'zh-CN', topic: 'cards', priorityClass: 'elderly',
        flags: { vip: false, elderly: true, urgent: false }, journeyStep: 'card-replacement/confirm', requestedAt: clock.now(), ...over,
      };
    }

    async function served() {
      const request = opened();
      await store.openRequest(request);
      const sessionId = uuid();
      const t0 = request.requestedAt;
      await store.startSession({ sessionId, requestId: request.requestId, kioskId: request.kioskId, staffId: expert.staff.staffId, startedAt: t0 + 12 * SEC, waitMs: 12 * SEC });
      return { request, sessionId, t0 };
    }

    describe('requests and calls', () => {
      it('records wait, talk time, end reason and outcome of a served request', async () => {
        const { request, sessionId, t0 } = await served();
        await store.endSession(sessionId, t0 + 192 * SEC, 'completed');
        await store.closeRequest(request.requestId, t0 + 192 * SEC, 'served');
        const history = await store.requestHistory(request.requestId);
        expect(history).toMatchObject({ status: 'closed', outcome: 'served', waitMs: 12_000, priorityClass: 'elderly', answeredAt: new Date(t0 + 12 * SEC).toISOString() });
        expect(history?.sessions).toEqual([expect.objectContaining({ sessionId, staffId: expert.staff.staffId, waitMs: 12_000, talkMs: 180_000, endReason: 'completed' })]);
        expect(await store.sessionParties(sessionId)).toEqual({ kioskId: request.kioskId, staffId: expert.staff.staffId });
      });

      it('keeps the first wait across a transfer and records the transfer', async () => {
        const { request, sessionId, t0 } = await served();
        await store.endSession(sessionId, t0 + 60 * SEC, 'transferred');
        await store.recordTransfer({ requestId: request.requestId, fromSessionId: sessionId, fromStaffId: expert.staff.staffId, toStaffId: other.staff.staffId, note: 'loans', at: t0 + 60 * SEC });
        await store.requeue(request.requestId);
        expect((await store.requestHistory(request.requestId))?.status).toBe('waiting');
        const second = uuid();
        await store.startSession({ sessionId: second, requestId: request.requestId, kioskId: request.kioskId, staffId: other.staff.staffId, startedAt: t0 + 90 * SEC, waitMs: 30 * SEC });
        const history = await store.requestHistory(request.requestId);
        expect(history?.waitMs).toBe(12_000);
        expect(history?.sessions.map((s) => [s.staffId, s.waitMs])).toEqual([[expert.staff.staffId, 12_000], [other.staff.staffId, 30_000]]);
        expect(history?.transfers).toEqual([{ fromStaffId: expert.staff.staffId, toStaffId: other.staff.staffId, note: 'loans', at: new Date(t0 + 60 * SEC).toISOString() }]);
      });

      it('records abandonment with the time the customer waited, once', async () => {
        const request = opened();
        await store.openRequest(request);
        await store.closeRequest(request.requestId, request.requestedAt + 45 * SEC, 'cancelled', 'customer-cancelled');
        await store.closeRequest(request.requestId, request.requestedAt + 99 * SEC, 'abandoned', 'kiosk-lost');
        expect(await store.requestHistory(request.requestId)).toMatchObject({ outcome: 'cancelled', abandonReason: 'customer-cancelled', waitMs: 45_000, answeredAt: null });
      });

      it('records each SLA breach once', async () => {
        const request = opened();
        await store.openRequest(request);
        const breach = { requestId: request.requestId, ruleId: 'answer-30s', kind: 'answer' as const, dueAt: request.requestedAt + 30 * SEC, breachedAt: request.requestedAt + 30 * SEC };
        await store.recordBreach(breach);
        await store.recordBreach(breach);
        expect((await store.requestHistory(request.requestId))?.slaBreaches).toEqual([
          { ruleId: 'answer-30s', kind: 'answer', dueAt: new Date(breach.dueAt).toISOString(), breachedAt: new Date(breach.breachedAt).toISOString() },
        ]);
      });

      it('lets only the call’s expert dispose it, and only its kiosk rate it, once', async () => {
        const { request, sessionId } = await served();
        expect(await store.setDisposition(sessionId, other.staff.staffId, 'resolved', 'not mine', clock.now())).toBe('not-yours');
        expect(await store.setDisposition(sessionId, expert.staff.staffId, 'follow-up', 'call back about fee', clock.now())).toBe('recorded');
        // Security finding 6 (issue 15): a recorded disposition cannot be rewritten.
        expect(await store.setDisposition(sessionId, expert.staff.staffId, 'resolved', 'rewritten', clock.now())).toBe('already-recorded');
        expect(await store.setRating(sessionId, 'K-someone-else', 5, undefined, clock.now())).toBe(false);
        expect(await store.setRating(sessionId, request.kioskId, 4, 9, clock.now())).toBe(true);
        expect(await store.setRating(sessionId, request.kioskId, 1, 0, clock.now())).toBe(false);
        expect((await store.requestHistory(request.requestId))?.sessions[0]).toMatchObject({ outcome: 'follow-up', notes: 'call back about fee', rating: 4, nps: 9 });
      });

      it('stores one decision per authorization request', async () => {
        const { request, sessionId } = await served();
        const decision = { decisionId: uuid(), sessionId, authRequestId: uuid(), staffId: expert.staff.staffId, kioskId: request.kioskId, action: 'fee.waive', decision: 'approve' as const, decidedAt: clock.now(), signature: 'sig' };
        expect(await store.recordDecision(decision)).toBe(true);
        expect(await store.recordDecision({ ...decision, decisionId: uuid(), decision: 'decline' })).toBe(false);
        expect((await store.requestHistory(request.requestId))?.decisions).toEqual([{ decisionId: decision.decisionId, action: 'fee.waive', decision: 'approve', signature: 'sig' }]);
      });

      it('sums call-quality samples across reports', async () => {
        const { sessionId } = await served();
        expect(await store.qualitySummary(sessionId)).toBeNull();
        const at = (s: number) => new Date(clock.now() + s * SEC).toISOString();
        await store.addQualitySamples(sessionId, [
          { at: at(1), rttMs: 40, jitterMs: 4, packetLossPct: 0, fps: 30, width: 1280, height: 720 },
          { at: at(2), rttMs: 60, jitterMs: 8, packetLossPct: 2 },
        ]);
        await store.addQualitySamples(sessionId, [{ at: at(3), rttMs: 200, jitterMs: 12, packetLossPct: 4, fps: 15, width: 640, height: 360 }]);
        expect(await store.qualitySummary(sessionId)).toEqual({
          samples: 3, rttAvgMs: 100, rttMaxMs: 200, jitterAvgMs: 8, jitterMaxMs: 12, lossAvgPct: 2, lossMaxPct: 4,
          fpsAvg: 22.5, fpsMin: 15, minHeight: 360, lastResolution: '640x360',
        });
      });
    });

    describe('staff sign-in', () => {
      const code = (who: TestStaff, at = clock.now()) => totpCode(who.totpSecret, at);

      it('admits password + current TOTP code, and refuses the same code twice', async () => {
        clock.advanceSec(60);
        const login = { username: expert.staff.username, password: expert.password, totp: code(expert) };
        const result = await auth.login(login);
        expect(result?.staff).toEqual(expert.staff);
        expect(await auth.authenticate(result!.token)).toMatchObject({ staff: { staffId: expert.staff.staffId } });
        expect(await auth.login(login)).toBeNull();
      });

      it('refuses a wrong code, a wrong password and an unknown user alike', async () => {
        clock.advanceSec(60);
        const wrongCode = code(expert) === '000000' ? '111111' : '000000';
        expect(await auth.login({ username: expert.staff.username, password: expert.password, totp: wrongCode })).toBeNull();
        expect(await auth.login({ username: expert.staff.username, password: 'wrong password!', totp: code(expert) })).toBeNull();
        expect(await auth.login({ username: 'nobody-here', password: expert.password, totp: code(expert) })).toBeNull();
      });

      it('ends a session at its expiry, when idle too long, and at logout', async () => {
        clock.advanceSec(60);
        const first = await auth.login({ username: other.staff.username, password: other.password, totp: code(other) });
        clock.advanceSec(590);
        expect(await auth.authenticate(first!.token)).not.toBeNull();
        clock.advanceSec(590);
        expect(await auth.authenticate(first!.token)).not.toBeNull();
        clock.advanceSec(601);
        expect(await auth.authenticate(first!.token)).toBeNull();

        clock.advanceSec(60);
        const second = await auth.login({ username: other.staff.username, password: other.password, totp: code(other) });
        // Used every 500 s, never idle — yet over at the absolute expiry (3600 s).
        const alive: boolean[] = [];
        for (let i = 0; i < 8; i++) {
          clock.advanceSec(500);
          alive.push((await auth.authenticate(second!.token)) !== null);
        }
        expect(alive).toEqual([true, true, true, true, true, true, true, false]);

        clock.advanceSec(60);
        const third = await auth.login({ username: other.staff.username, password: other.password, totp: code(other) });
        await auth.logout(third!.token);
        expect(await auth.authenticate(third!.token)).toBeNull();
      });

      it('refuses a second account with a taken username', async () => {
        expect(await auth.createStaff({ username: expert.staff.username, displayName: 'X', role: 'expert', password: 'another long pass', languages: [], topics: [] })).toBeNull();
      });
    });
  });
}
