// AuthStore behaviour on every engine (PGlite and PostgreSQL files call this). Tests keep
// apart in the shared database by using fresh kiosk ids.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../auth/ed25519.node.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import { createAuthStore, type AuthStore } from './auth-store.js';
import type { Database } from './queryable.js';

const hash = () => randomBytes(32).toString('hex');
const key = () => generateEd25519KeyPair().publicKey;
const nonce = () => randomBytes(16).toString('base64url');
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

export function describeAuthStoreContract(engine: 'pglite' | 'postgres', open: () => Promise<TestDatabase>): void {
  describe(`AuthStore on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let store: AuthStore;

    // Opening PGlite takes seconds, more while other test files run alongside.
    beforeAll(async () => {
      testDb = await open();
      db = testDb.db;
      store = await createAuthStore(db, { pruneEveryMs: Number.POSITIVE_INFINITY });
    }, 60_000);
    afterAll(async () => {
      await testDb?.dispose();
    });

    async function issued(kioskId = uniqueKioskId(), ttlSeconds = 3600): Promise<{ kioskId: string; codeHash: string }> {
      const codeHash = hash();
      await store.createEnrollmentCode({ kioskId, codeHash, ttlSeconds });
      return { kioskId, codeHash };
    }

    describe('enrollment codes', () => {
      it('returns an expiry ttl seconds ahead', async () => {
        const { expiresAt } = await store.createEnrollmentCode({ kioskId: uniqueKioskId(), codeHash: hash(), ttlSeconds: 3600 });
        expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 3_600_000))).toBeLessThan(60_000);
        expect(expiresAt).toMatch(/Z$/);
      });

      it('enrolls once; the same code again is "used"', async () => {
        const code = await issued();
        const publicKey = key();
        expect(await store.redeemEnrollmentCode({ ...code, publicKey })).toMatchObject({ status: 'enrolled', replacedKey: false });
        expect(await store.kioskPublicKey(code.kioskId)).toBe(publicKey);
        expect(await store.redeemEnrollmentCode({ ...code, publicKey: key() })).toEqual({ status: 'used' });
        expect(await store.kioskPublicKey(code.kioskId)).toBe(publicKey);
      });

      it('calls a code of another kiosk "invalid" and leaves it usable by its own kiosk', async () => {
        const code = await issued();
        expect(await store.redeemEnrollmentCode({ ...code, kioskId: uniqueKioskId(), publicKey: key() })).toEqual({ status: 'invalid' });
        expect(await store.redeemEnrollmentCode({ ...code, publicKey: key() })).toMatchObject({ status: 'enrolled' });
      });

      it('calls an unknown code "invalid" and an expired one "expired"', async () => {
        expect(await store.redeemEnrollmentCode({ kioskId: uniqueKioskId(), codeHash: hash(), publicKey: key() })).toEqual({ status: 'invalid' });
        const stale = await issued(uniqueKioskId(), -1);
        expect(await store.redeemEnrollmentCode({ ...stale, publicKey: key() })).toEqual({ status: 'expired' });
        expect(await store.kioskPublicKey(stale.kioskId)).toBeNull();
      });

      it('retires the earlier unused code when a new one is issued', async () => {
        const first = await issued();
        const second = await issued(first.kioskId);
        expect(await store.redeemEnrollmentCode({ ...first, publicKey: key() })).toEqual({ status: 'expired' });
        expect(await store.redeemEnrollmentCode({ ...second, publicKey: key() })).toMatchObject({ status: 'enrolled' });
      });

      it('replaces the key on re-enrollment and says so', async () => {
        const first = await issued();
        await store.redeemEnrollmentCode({ ...first, publicKey: key() });
        const second = await issued(first.kioskId);
        const newKey = key();
        expect(await store.redeemEnrollmentCode({ ...second, publicKey: newKey })).toMatchObject({ status: 'enrolled', replacedKey: true });
        expect(await store.kioskPublicKey(first.kioskId)).toBe(newKey);
      });

      it('lets exactly one of concurrent redemptions of a code win', async () => {
        const code = await issued();
        const outcomes = await Promise.all(Array.from({ length: 6 }, () => store.redeemEnrollmentCode({ ...code, publicKey: key() })));
        expect(outcomes.filter((o) => o.status === 'enrolled')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'used')).toHaveLength(5);
      });
    });

    describe('keys', () => {
      it('revokes a key once and retires unused codes of the kiosk', async () => {
        const code = await issued();
        await store.redeemEnrollmentCode({ ...code, publicKey: key() });
        const pending = await issued(code.kioskId);
        expect(await store.revokeKiosk(code.kioskId)).toBe(true);
        expect(await store.kioskPublicKey(code.kioskId)).toBeNull();
        expect(await store.revokeKiosk(code.kioskId)).toBe(false);
        expect(await store.redeemEnrollmentCode({ ...pending, publicKey: key() })).toEqual({ status: 'expired' });
      });
    });

    describe('nonces', () => {
      it('accepts a nonce once per kiosk', async () => {
        const [a, b, n] = [uniqueKioskId(), uniqueKioskId(), nonce()];
        expect(await store.claimNonce({ kioskId: a, nonce: n, expiresAt: inMinutes(5) })).toBe(true);
        expect(await store.claimNonce({ kioskId: a, nonce: n, expiresAt: inMinutes(5) })).toBe(false);
        expect(await store.claimNonce({ kioskId: b, nonce: n, expiresAt: inMinutes(5) })).toBe(true);
      });

      it('claims a nonce with a key only while that key is the kiosk\'s own', async () => {
        const code = await issued();
        const publicKey = key();
        await store.redeemEnrollmentCode({ ...code, publicKey });
        const [n1, n2, n3] = [nonce(), nonce(), nonce()];
        expect(await store.claimNonce({ kioskId: code.kioskId, nonce: n1, expiresAt: inMinutes(5), publicKey })).toBe(true);
        expect(await store.claimNonce({ kioskId: code.kioskId, nonce: n1, expiresAt: inMinutes(5), publicKey })).toBe(false);
        expect(await store.claimNonce({ kioskId: code.kioskId, nonce: n2, expiresAt: inMinutes(5), publicKey: key() })).toBe(false);
        await store.revokeKiosk(code.kioskId);
        expect(await store.claimNonce({ kioskId: code.kioskId, nonce: n3, expiresAt: inMinutes(5), publicKey })).toBe(false);
        // Nothing was stored for the refused claims: the same nonces pass without a key check.
        expect(await store.claimNonce({ kioskId: code.kioskId, nonce: n2, expiresAt: inMinutes(5) })).toBe(true);
        expect(await store.claimNonce({ kioskId: code.kioskId, nonce: n3, expiresAt: inMinutes(5) })).toBe(true);
      });

      it('lets one of concurrent claims of a nonce win', async () => {
        const [kioskId, n] = [uniqueKioskId(), nonce()];
        const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimNonce({ kioskId, nonce: n, expiresAt: inMinutes(5) })));
        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it('prunes only nonces well past their window', async () => {
        const [kioskId, old, fresh] = [uniqueKioskId(), nonce(), nonce()];
        await store.claimNonce({ kioskId, nonce: old, expiresAt: inMinutes(-10) });
        await store.claimNonce({ kioskId, nonce: fresh, expiresAt: inMinutes(-1) });
        expect(await store.pruneNonces()).toBeGreaterThanOrEqual(1);
        expect(await store.claimNonce({ kioskId, nonce: old, expiresAt: inMinutes(5) })).toBe(true);
        expect(await store.claimNonce({ kioskId, nonce: fresh, expiresAt: inMinutes(5) })).toBe(false);
      });

      it('prunes on its own while claiming, at most once per interval', async () => {
        let clock = 0;
        const pruning = await createAuthStore(db, { pruneEveryMs: 1000, now: () => clock });
        const [kioskId, old] = [uniqueKioskId(), nonce()];
        await pruning.claimNonce({ kioskId, nonce: old, expiresAt: inMinutes(-10) });
        clock = 999;
        await pruning.claimNonce({ kioskId, nonce: nonce(), expiresAt: inMinutes(5) });
        expect(await pruning.claimNonce({ kioskId, nonce: old, expiresAt: inMinutes(-10) })).toBe(false);
        clock = 2000;
        expect(await pruning.claimNonce({ kioskId, nonce: old, expiresAt: inMinutes(5) })).toBe(true);
      });
    });
  });
}
