// Every way the verifier refuses a kiosk request, without fastify or a database.
import { describe, expect, it } from 'vitest';
import { generateKioskKeyPair, signRequest } from '../../electron/host/request-signer.js';
import { cachedKeys, readSignedHeaders, verifySignedRequest, type KeyStore, type VerifierDeps } from './kiosk-verifier.node.js';

const NOW = 1_795_000_000_000;
const keys = generateKioskKeyPair();
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const facts = { method: 'GET', pathAndQuery: '/v1/ping', bodySha256: EMPTY };

function headers(kioskId = 'K01', privateKeyPem = keys.privateKeyPem): Record<string, string> {
  return signRequest({ method: 'GET', url: 'http://hub/v1/ping', credentials: { kioskId, privateKeyPem }, now: NOW });
}

const deps = (keyOf: Record<string, string>, claim = true): VerifierDeps => ({
  publicKeyOf: async (kioskId) => keyOf[kioskId] ?? null,
  claimNonce: async () => claim,
});

describe('readSignedHeaders', () => {
  it('names the missing headers', () => {
    const { 'x-kiosk-nonce': _n, 'x-kiosk-signature': _s, ...partial } = headers();
    expect(readSignedHeaders({}, NOW)).toMatchObject({ ok: false, reason: 'missing_signature' });
    expect(readSignedHeaders(partial, NOW)).toEqual({
      ok: false,
      reason: 'missing_signature',
      message: 'request is not signed: missing x-kiosk-nonce, x-kiosk-signature',
    });
  });

  it.each([
    ['a kiosk id with a space', { 'x-kiosk-id': 'K 01' }],
    ['a timestamp in seconds with a fraction', { 'x-kiosk-timestamp': '1795000000.5' }],
    ['a short nonce', { 'x-kiosk-nonce': 'abc' }],
    ['a hex signature', { 'x-kiosk-signature': 'ab'.repeat(64) }],
  ])('refuses %s as malformed', (_label, change) => {
    expect(readSignedHeaders({ ...headers(), ...change }, NOW)).toMatchObject({ ok: false, reason: 'malformed_signature' });
  });

  it('refuses a header sent twice', () => {
    expect(readSignedHeaders({ ...headers(), 'x-kiosk-nonce': ['a'.repeat(22), 'b'.repeat(22)] }, NOW)).toMatchObject({ reason: 'missing_signature' });
  });
});

describe('verifySignedRequest', () => {
  const signedBy = (h: Record<string, string>) => {
    const check = readSignedHeaders(h, NOW);
    if (!check.ok) throw new Error(check.message);
    return check.signed;
  };

  it('accepts a good request and names the kiosk', async () => {
    expect(await verifySignedRequest(signedBy(headers()), facts, deps({ K01: keys.publicKey }))).toEqual({ ok: true, kioskId: 'K01' });
  });

  it('refuses an unknown kiosk, and a stored key that is not a key, with the bad-signature message', async () => {
    const unknown = await verifySignedRequest(signedBy(headers()), facts, deps({}));
    const broken = await verifySignedRequest(signedBy(headers()), facts, deps({ K01: 'abc' }));
    const bad = await verifySignedRequest(signedBy(headers()), facts, deps({ K01: generateKioskKeyPair().publicKey }));
    expect([unknown, broken, bad].map((v) => !v.ok && v.reason)).toEqual(['unknown_kiosk', 'unknown_kiosk', 'bad_signature']);
    expect(!unknown.ok && !bad.ok && unknown.message === bad.message).toBe(true);
  });

  it('refuses a request signed by one kiosk that claims to be another', async () => {
    const other = generateKioskKeyPair();
    const forged = { ...headers('K01', other.privateKeyPem) };
    expect(await verifySignedRequest(signedBy(forged), facts, deps({ K01: keys.publicKey, K02: other.publicKey }))).toMatchObject({ reason: 'bad_signature' });
  });

  it('refuses a replayed nonce, but only after the signature checked out', async () => {
    let claims = 0;
    const counting: VerifierDeps = { publicKeyOf: async () => keys.publicKey, claimNonce: async () => ((claims += 1), false) };
    expect(await verifySignedRequest(signedBy(headers()), facts, counting)).toMatchObject({ reason: 'replayed_nonce' });
    expect(await verifySignedRequest(signedBy(headers()), { ...facts, bodySha256: '0'.repeat(64) }, counting)).toMatchObject({ reason: 'bad_signature' });
    expect(claims).toBe(1);
  });
});

describe('cachedKeys: kiosk keys kept in memory, checked by the nonce claim', () => {
  const signedBy = (h: Record<string, string>) => {
    const check = readSignedHeaders(h, NOW);
    if (!check.ok) throw new Error(check.message);
    return check.signed;
  };
  /** A store whose keys can change under the cache; counts reads, refuses claims for a key that no longer stands. */
  function store(initial: Record<string, string>) {
    const keyOf: Record<string, string | undefined> = { ...initial };
    const used = new Set<string>();
    let reads = 0;
    const s: KeyStore = {
      kioskPublicKey: async (kioskId) => ((reads += 1), keyOf[kioskId] ?? null),
      claimNonce: async ({ kioskId, nonce, publicKey }) => {
        if (keyOf[kioskId] !== publicKey || used.has(`${kioskId}/${nonce}`)) return false;
        used.add(`${kioskId}/${nonce}`);
        return true;
      },
    };
    return { s, keyOf, reads: () => reads };
  }

  it('reads a kiosk key once, then verifies from memory', async () => {
    const st = store({ K01: keys.publicKey });
    const deps = cachedKeys(st.s);
    for (let i = 0; i < 3; i++) expect(await verifySignedRequest(signedBy(headers()), facts, deps)).toEqual({ ok: true, kioskId: 'K01' });
    expect(st.reads()).toBe(1);
  });

  it('refuses a revoked kiosk at once although its key was kept', async () => {
    const st = store({ K01: keys.publicKey });
    const deps = cachedKeys(st.s);
    expect(await verifySignedRequest(signedBy(headers()), facts, deps)).toMatchObject({ ok: true });
    st.keyOf.K01 = undefined;
    expect(await verifySignedRequest(signedBy(headers()), facts, deps)).toMatchObject({ ok: false, reason: 'unknown_kiosk' });
  });

  it('accepts a kiosk that re-enrolled with a new key, and refuses its old key', async () => {
    const st = store({ K01: keys.publicKey });
    const deps = cachedKeys(st.s);
    expect(await verifySignedRequest(signedBy(headers()), facts, deps)).toMatchObject({ ok: true });
    const next = generateKioskKeyPair();
    st.keyOf.K01 = next.publicKey;
    expect(await verifySignedRequest(signedBy(headers('K01', next.privateKeyPem)), facts, deps)).toEqual({ ok: true, kioskId: 'K01' });
    expect(await verifySignedRequest(signedBy(headers('K01', keys.privateKeyPem)), facts, deps)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('still refuses a replay with a kept key', async () => {
    const deps = cachedKeys(store({ K01: keys.publicKey }).s);
    const once = signedBy(headers());
    expect(await verifySignedRequest(once, facts, deps)).toMatchObject({ ok: true });
    expect(await verifySignedRequest(once, facts, deps)).toMatchObject({ ok: false, reason: 'replayed_nonce' });
  });

  it('keeps no entry for an id without a key', async () => {
    const st = store({});
    const deps = cachedKeys(st.s);
    await verifySignedRequest(signedBy(headers()), facts, deps);
    await verifySignedRequest(signedBy(headers()), facts, deps);
    expect(st.reads()).toBe(2);
  });
});
