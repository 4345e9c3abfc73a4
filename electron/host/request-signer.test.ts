// Round trip: what the kiosk's signer produces, the hub's verifier accepts; change any
// signed part of the request and it refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_MS } from '../../protocol/kiosk-auth.js';
import { readSignedHeaders, verifySignedRequest, type Verdict, type VerifierDeps } from '../../hub/auth/kiosk-verifier.node.js';
import { generateKioskKeyPair, newNonce, signRequest } from './request-signer.js';
import { createHash, createPrivateKey } from 'node:crypto';

const keys = generateKioskKeyPair();
const credentials = { kioskId: 'K01', privateKeyPem: keys.privateKeyPem };
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

function hubDeps(publicKey = keys.publicKey): VerifierDeps {
  const seen = new Set<string>();
  return {
    publicKeyOf: async (kioskId) => (kioskId === 'K01' ? publicKey : null),
    claimNonce: async ({ kioskId, nonce }) => !seen.has(`${kioskId}/${nonce}`) && Boolean(seen.add(`${kioskId}/${nonce}`)),
  };
}

interface Received {
  method: string;
  pathAndQuery: string;
  body: string;
  headers: Record<string, string>;
}

async function hubVerdict(request: Received, deps = hubDeps(), now = NOW): Promise<Verdict> {
  const check = readSignedHeaders(request.headers, now);
  if (!check.ok) return check;
  const bodySha256 = createHash('sha256').update(request.body).digest('hex');
  return verifySignedRequest(check.signed, { method: request.method, pathAndQuery: request.pathAndQuery, bodySha256 }, deps);
}

function signed(method: string, path: string, body: string): Received {
  const headers = signRequest({ method, url: `https://hub.example:8443${path}`, body, credentials, now: NOW });
  return { method, pathAndQuery: path, body, headers };
}

describe('signRequest', () => {
  it('produces the four headers, pinned by clock and nonce', () => {
    const nonce = newNonce();
    const headers = signRequest({ method: 'POST', url: 'http://h/v1/transactions', body: '{}', credentials, now: NOW, nonce });
    expect(headers).toMatchObject({ 'x-kiosk-id': 'K01', 'x-kiosk-timestamp': String(NOW), 'x-kiosk-nonce': nonce });
    expect(headers['x-kiosk-signature']).toMatch(/^[A-Za-z0-9_-]{86}$/);
    // Ed25519 is deterministic: same input, same signature.
    expect(signRequest({ method: 'POST', url: 'http://h/v1/transactions', body: '{}', credentials, now: NOW, nonce })).toEqual(headers);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newNonce()).not.toBe(nonce);
  });

  it('signs with an imported key exactly as with its PEM, and the key given is the one used', () => {
    const input = { method: 'GET', url: 'http://h/v1/kiosks/K01/changes', credentials, now: NOW, nonce: newNonce() };
    expect(signRequest({ ...input, privateKey: createPrivateKey(keys.privateKeyPem) })).toEqual(signRequest(input));
    const other = createPrivateKey(generateKioskKeyPair().privateKeyPem);
    expect(signRequest({ ...input, privateKey: other })['x-kiosk-signature']).not.toBe(signRequest(input)['x-kiosk-signature']);
  });

  it('is accepted by the hub once; the same request again is a replay', async () => {
    const deps = hubDeps();
    const request = signed('POST', '/v1/transactions', '{"kioskId":"K01"}');
    expect(await hubVerdict(request, deps)).toEqual({ ok: true, kioskId: 'K01' });
    expect(await hubVerdict(request, deps)).toMatchObject({ ok: false, reason: 'replayed_nonce' });
  });

  it('signs a body given as bytes like the same body as a string', async () => {
    const body = '{"name":"张三"}';
    const headers = signRequest({ method: 'POST', url: 'http://h/v1/x', body: new TextEncoder().encode(body), credentials, now: NOW });
    expect(await hubVerdict({ method: 'POST', pathAndQuery: '/v1/x', body, headers })).toMatchObject({ ok: true });
  });

  it('property: accepted as signed; refused after any change to method, path, query or body', async () => {
    const pathArb = fc.stringMatching(/^\/v1\/[a-z]{1,12}(\?[a-z]{1,5}=[0-9]{1,4})?$/);
    const tamperings: ((r: Received) => Received)[] = [
      (r) => ({ ...r, method: r.method === 'POST' ? 'PUT' : 'POST' }),
      (r) => ({ ...r, pathAndQuery: `${r.pathAndQuery}x` }),
      (r) => ({ ...r, pathAndQuery: r.pathAndQuery.includes('?') ? r.pathAndQuery.split('?')[0]! : `${r.pathAndQuery}?a=1` }),
      (r) => ({ ...r, body: `${r.body} ` }),
      (r) => ({ ...r, headers: { ...r.headers, 'x-kiosk-timestamp': String(NOW + 1) } }),
      (r) => ({ ...r, headers: { ...r.headers, 'x-kiosk-nonce': newNonce() } }),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST'), pathArb, fc.json(), fc.nat({ max: tamperings.length - 1 }), async (method, path, body, t) => {
        const request = signed(method, path, body);
        expect(await hubVerdict(request)).toMatchObject({ ok: true });
        expect(await hubVerdict(tamperings[t]!(request))).toMatchObject({ ok: false, reason: 'bad_signature' });
      }),
      { numRuns: 60 },
    );
  });

  it('is refused when signed by another key, or too far from the hub clock', async () => {
    const request = signed('POST', '/v1/transactions', '{}');
    expect(await hubVerdict(request, hubDeps(generateKioskKeyPair().publicKey))).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await hubVerdict(request, hubDeps(), NOW + MAX_CLOCK_SKEW_MS + 1)).toMatchObject({ ok: false, reason: 'expired_timestamp' });
    expect(await hubVerdict(request, hubDeps(), NOW - MAX_CLOCK_SKEW_MS - 1)).toMatchObject({ ok: false, reason: 'expired_timestamp' });
    expect(await hubVerdict(request, hubDeps(), NOW + MAX_CLOCK_SKEW_MS)).toMatchObject({ ok: true });
  });
});
