// A kiosk's whole life against a real hub on HTTPS: an admin issues a code, the kiosk
// enrolls with its own client, keeps its credentials on disk, and syncs signed requests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollWithHub } from '../../electron/host/kiosk-credentials-enroll.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { createEnrollmentCodeResponseSchema, type KioskCredentials } from '../../protocol/kiosk-auth.js';
import { staffTransactionsResponseSchema } from '../api/staff.js';
import { transactionBatchResponseSchema } from '../../protocol/hub-api.js';
import { startHub, type RunningHub } from '../start-hub.node.js';
import { ADMIN_TOKEN, STAFF_TOKEN, TEST_TOKENS } from '../testing/kiosk-auth.js';
import { fetchTrusting, makeSelfSignedCertificate, type TestCertificate } from '../testing/tls.node.js';
import { makeItems, uniqueKioskId } from '../testing/transaction-items.js';
import { enrollLocalKiosk } from './enroll-local.node.js';
import { readTlsFiles } from './tls-files.node.js';

let cert: TestCertificate;
let hub: RunningHub;
let trusted: typeof fetch;
let dataDir: string;

beforeAll(async () => {
  cert = await makeSelfSignedCertificate();
  trusted = fetchTrusting(cert.cert);
  hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://', auth: { tokens: TEST_TOKENS }, tls: await readTlsFiles(cert.certPath, cert.keyPath) });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bk-kiosk-auth-'));
});
afterAll(async () => {
  await hub?.close();
  await cert?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** What the sync engine's post() will do once the signer is wired in. */
function signedPost(credentials: KioskCredentials, pathname: string, payload: unknown): Promise<Response> {
  const url = new URL(pathname, hub.url);
  const body = JSON.stringify(payload);
  const headers = { 'content-type': 'application/json', ...signRequest({ method: 'POST', url, body, credentials }) };
  return trusted(url, { method: 'POST', headers, body });
}

describe('TLS', () => {
  it('serves HTTPS that a client trusting the certificate reaches, and others refuse', async () => {
    expect(hub.url).toBe(`https://127.0.0.1:${hub.port}`);
    expect((await trusted(`${hub.url}/health`)).status).toBe(200);
    // Global fetch trusts only the system CAs: a self-signed hub must fail, not be waved through.
    await expect(fetch(`${hub.url}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${hub.port}/health`)).rejects.toThrow();
  });

  it('refuses a missing certificate file with its path', async () => {
    await expect(readTlsFiles(path.join(cert.certPath, 'nope'), cert.keyPath)).rejects.toThrow(/cannot read TLS certificate .*nope/);
  });
});

describe('kiosk lifecycle over HTTPS', () => {
  it('enrolls with an admin-issued code, stores credentials, syncs signed, shows up for staff', async () => {
    const kioskId = uniqueKioskId();
    const issuedRes = await trusted(`${hub.url}/v1/admin/enrollment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ kioskId }),
    });
    expect(issuedRes.status).toBe(201);
    const { code } = createEnrollmentCodeResponseSchema.parse(await issuedRes.json());

    const store = openCredentialsStore({ dataDir });
    await store.save(await enrollWithHub({ hubUrl: hub.url, kioskId, code, fetchImpl: trusted }));
    const credentials = await store.load();
    if (!credentials) throw new Error('credentials were not saved');

    expect((await signedPost(credentials, '/v1/kiosks/register', { kioskId, branchId: 'B-TLS' })).status).toBe(201);
    const items = makeItems(3);
    const res = await signedPost(credentials, '/v1/transactions', { kioskId, items, backlogHint: 0 });
    expect(res.status).toBe(200);
    expect(transactionBatchResponseSchema.parse(await res.json()).results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);

    const unsigned = await trusted(`${hub.url}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kioskId, items }) });
    expect(unsigned.status).toBe(401);

    const staff = await trusted(`${hub.url}/v1/staff/transactions?kioskId=${kioskId}`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
    expect(staffTransactionsResponseSchema.parse(await staff.json()).items.map((t) => t.id)).toEqual(items.map((i) => i.id));
  });

  it('enrollLocalKiosk gives the embedded kiosk working credentials and retires the previous ones', async () => {
    const first = await enrollLocalKiosk(hub, 'K-LOCAL');
    const second = await enrollLocalKiosk(hub, 'K-LOCAL');
    expect(second.publicKey).not.toBe(first.publicKey);
    expect((await signedPost(second, '/v1/kiosks/register', { kioskId: 'K-LOCAL', branchId: 'B' })).status).toBe(201);
    expect((await signedPost(first, '/v1/kiosks/register', { kioskId: 'K-LOCAL', branchId: 'B' })).status).toBe(401);
  });
});
