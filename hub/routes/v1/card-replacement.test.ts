// Card replacement through the hub's routes on one PGlite holding the demo bank (issue 11): list
// the customer's cards with the fees, block a lost card at once, issue a dispensed card (PIN typed
// twice, bound to the new card; the fee charged once however often the call is replayed), and
// complete it — taken: the new card works with its new PIN; not taken: voided, fee refunded.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActionResponseSchema, cardsResponseSchema, completeIssueResponseSchema, issueCardResponseSchema } from '../../../protocol/card-replacement.js';
import { cardKeySchema, type CardKey } from '../../../protocol/card-security.js';
import { cardAuthorisationResponseSchema, idChallengeSchema, IDEMPOTENT_REPLAY_HEADER, type CardSession } from '../../../protocol/core-banking.js';
import { errorBodySchema } from '../../../protocol/hub-api.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { luhnCheckDigit } from '../../../protocol/luhn.js';
import { ephemeralSecretKey } from '../../auth/hub-secret-key.node.js';
import { sealCard, sealIdentity } from '../../banking/card-seal.node.js';
import { createBanking } from '../../banking/register-core-banking.node.js';
import { buildHub } from '../../server.js';
import { pinBlock, sealedSeedCard, seedPinBlock } from '../../testing/banking.node.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { openTestStores, type TestStores } from '../../testing/test-hub.js';

let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
let cardKey: CardKey;
const logLines: string[] = [];
const opened = new Map<string, { kioskId: string; accountId: string }>();

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  // Account opening's record of opened accounts, as the hub keeps it: here one application of one kiosk.
  const openedAccounts = { openedAccount: async (kioskId: string, applicationId: string) => (opened.get(applicationId)?.kioskId === kioskId ? { accountId: opened.get(applicationId)!.accountId } : null) };
  const banking = await createBanking('demo', { db: testDb.db, secretKey: ephemeralSecretKey(), logger }, { openedAccounts });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, logger, banking });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const post = (credentials: KioskCredentials, url: string, payload: Record<string, unknown>) => signedInject(app, credentials, { method: 'POST', url, payload: { kioskId: credentials.kioskId, ...payload } });
const stockPan = (n: number) => {
  const partial = `62220210000010${String(n).padStart(4, '0')}`;
  return `${partial}${luhnCheckDigit(partial)}`;
};
const dispensed = (pan: string) => sealCard(cardKey, { pan, expiry: '3112', entry: 'chip', serviceCode: '201' });
const balance = async (accountId: string) => Number((await testDb.db.query<{ balance_minor: unknown }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', [accountId])).rows[0]?.balance_minor);

async function signIn(credentials: KioskCredentials, how: { card: string } | { idNumber: string; pin: string }): Promise<CardSession> {
  cardKey ??= cardKeySchema.parse((await signedInject(app, credentials, { method: 'GET', url: '/v1/banking/card-key' })).json());
  let res;
  if ('card' in how) {
    res = await post(credentials, '/v1/banking/card-sessions', { card: sealedSeedCard(cardKey, how.card), pin: seedPinBlock(how.card) });
  } else {
    const challenge = idChallengeSchema.parse((await post(credentials, '/v1/banking/id-challenges', {})).json());
    res = await post(credentials, '/v1/banking/id-sessions', { identity: sealIdentity(cardKey, { kind: 'cn-id', idNumber: how.idNumber, validTo: 'long-term' }), challengeId: challenge.challengeId, pin: pinBlock(challenge.binding, how.pin) });
  }
  const body = cardAuthorisationResponseSchema.parse(res.json());
  if (body.outcome !== 'approved') throw new Error(`declined: ${body.reason}`);
  return body.session;
}

describe('card replacement routes', () => {
  it('a lost card: signed in by ID card, blocked at once, the new card issued once, taken, and working with its new PIN', async () => {
    const kiosk = await enrollTestKiosk(stores.authStore);
    let session = await signIn(kiosk, { idNumber: '31010119850315031X', pin: '123456' });
    const list = cardsResponseSchema.parse((await post(kiosk, '/v1/banking/cards', { sessionId: session.sessionId })).json());
    if (list.outcome !== 'ok') throw new Error(list.reason);
    expect(list.cards.map((c) => [c.cardId, c.status])).toEqual([['K1001', 'active']]);
    expect(list.fees).toEqual({ lost: { minor: 1_000, currency: 'CNY' }, stolen: { minor: 1_000, currency: 'CNY' }, damaged: { minor: 500, currency: 'CNY' } });

    expect(cardActionResponseSchema.parse((await post(kiosk, '/v1/banking/cards/block', { sessionId: session.sessionId, cardId: 'K1001', reason: 'lost' })).json())).toMatchObject({ outcome: 'ok', card: { cardId: 'K1001', status: 'blocked' } });
    // The lost card no longer opens anything.
    const lost = cardAuthorisationResponseSchema.parse((await post(kiosk, '/v1/banking/card-sessions', { card: sealedSeedCard(cardKey, 'K1001'), pin: seedPinBlock('K1001') })).json());
    expect(lost).toEqual({ outcome: 'declined', reason: 'card-blocked' });

    // The account password outlives the lost card: another ID sign-in works, a wrong PIN still counts.
    const challenge = idChallengeSchema.parse((await post(kiosk, '/v1/banking/id-challenges', {})).json());
    const wrong = cardAuthorisationResponseSchema.parse((await post(kiosk, '/v1/banking/id-sessions', { identity: sealIdentity(cardKey, { kind: 'cn-id', idNumber: '31010119850315031X', validTo: 'long-term' }), challengeId: challenge.challengeId, pin: pinBlock(challenge.binding, '000000') })).json());
    expect(wrong).toEqual({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 });
    // One card session per kiosk: this one replaces the first.
    session = await signIn(kiosk, { idNumber: '31010119850315031X', pin: '123456' });
    expect(session.customer.customerId).toBe('C1001');

    const before = await balance('A1001');
    const pan = stockPan(1);
    const key = randomUUID();
    const request = { sessionId: session.sessionId, idempotencyKey: key, replaces: 'K1001', reason: 'lost', feeAccountId: 'A1001', fee: { minor: 1_000, currency: 'CNY' }, newCard: dispensed(pan), pin: pinBlock(pan, '864209'), confirm: pinBlock(pan, '864209') };
    const first = await post(kiosk, '/v1/banking/cards/issue', request);
    const issued = issueCardResponseSchema.parse(first.json());
    if (issued.outcome !== 'issued') throw new Error(issued.reason);
    expect(issued).toMatchObject({ maskedPan: `622202*********${pan.slice(-4)}`, fee: { minor: 1_000, currency: 'CNY' } });
    expect(await balance('A1001')).toBe(before - 1_000);
    // Not usable before the customer took it.
    const early = cardAuthorisationResponseSchema.parse((await post(kiosk, '/v1/banking/card-sessions', { card: dispensed(pan), pin: pinBlock(pan, '864209') })).json());
    expect(early).toEqual({ outcome: 'declined', reason: 'card-blocked' });
    // A replay (an answer lost on the way) is the first answer, marked; no second fee.
    const replay = await post(kiosk, '/v1/banking/cards/issue', { ...request, pin: pinBlock(pan, '864209'), confirm: pinBlock(pan, '864209') });
    expect(replay.headers[IDEMPOTENT_REPLAY_HEADER]).toBe('true');
    expect(issueCardResponseSchema.parse(replay.json())).toEqual(issued);
    expect(await balance('A1001')).toBe(before - 1_000);

    const taken = completeIssueResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue/complete', { idempotencyKey: key, outcome: 'taken' })).json());
    expect(taken).toMatchObject({ outcome: 'activated', card: { cardId: issued.cardId, status: 'active' } });
    const works = cardAuthorisationResponseSchema.parse((await post(kiosk, '/v1/banking/card-sessions', { card: dispensed(pan), pin: pinBlock(pan, '864209') })).json());
    expect(works).toMatchObject({ outcome: 'approved', session: { customer: { customerId: 'C1001' } } });
    // Completing again answers the same, whichever way it is asked.
    expect(completeIssueResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue/complete', { idempotencyKey: key, outcome: 'not-taken' })).json())).toMatchObject({ outcome: 'activated' });
    expect(await balance('A1001')).toBe(before - 1_000);
    expect(logLines.join('')).not.toContain(pan);
  });

  it('a damaged card: the PINs must match; a card not taken is voided and its fee refunded; refusals change nothing', async () => {
    const kiosk = await enrollTestKiosk(stores.authStore);
    const session = await signIn(kiosk, { card: 'K1002' });
    const before = await balance('A2001');
    const pan = stockPan(2);
    const base = { sessionId: session.sessionId, replaces: 'K1002', reason: 'damaged', feeAccountId: 'A2001', fee: { minor: 500, currency: 'CNY' }, newCard: dispensed(pan) };
    const issue = (extra: Record<string, unknown>) => post(kiosk, '/v1/banking/cards/issue', { ...base, idempotencyKey: randomUUID(), pin: pinBlock(pan, '135790'), confirm: pinBlock(pan, '135790'), ...extra }).then((r) => issueCardResponseSchema.parse(r.json()));

    expect(await issue({ confirm: pinBlock(pan, '135791') })).toEqual({ outcome: 'declined', reason: 'pin-mismatch' });
    expect(await issue({ fee: { minor: 100, currency: 'CNY' } })).toEqual({ outcome: 'declined', reason: 'amount-mismatch' });
    // A dispensed card that is already a customer's card is not stock.
    const seeded = '6222021000000000017';
    expect(await issue({ newCard: dispensed(seeded), pin: pinBlock(seeded, '135790'), confirm: pinBlock(seeded, '135790') })).toEqual({ outcome: 'declined', reason: 'card-not-issuable' });
    expect(await issue({ replaces: 'K1001' })).toEqual({ outcome: 'declined', reason: 'unknown-card' });
    expect(await balance('A2001')).toBe(before);

    const key = randomUUID();
    const issued = issueCardResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue', { ...base, idempotencyKey: key, pin: pinBlock(pan, '135790'), confirm: pinBlock(pan, '135790') })).json());
    expect(issued.outcome).toBe('issued');
    expect(await balance('A2001')).toBe(before - 500);
    const voided = completeIssueResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue/complete', { idempotencyKey: key, outcome: 'not-taken' })).json());
    expect(voided).toEqual({ outcome: 'voided', refunded: { minor: 500, currency: 'CNY' } });
    expect(await balance('A2001')).toBe(before);
    // The damaged card still works (nothing replaced it); the voided one is not listed and never opens.
    const list = cardsResponseSchema.parse((await post(kiosk, '/v1/banking/cards', { sessionId: session.sessionId })).json());
    expect(list.outcome === 'ok' && list.cards.map((c) => [c.cardId, c.status])).toEqual([['K1002', 'active']]);
    const never = cardAuthorisationResponseSchema.parse((await post(kiosk, '/v1/banking/card-sessions', { card: dispensed(pan), pin: pinBlock(pan, '135790') })).json());
    expect(never).toEqual({ outcome: 'declined', reason: 'card-blocked' });
  });

  it('needs a live session (but not to complete), answers an unknown issue as unknown-card, and a malformed request 400', async () => {
    const kiosk = await enrollTestKiosk(stores.authStore);
    expect(cardsResponseSchema.parse((await post(kiosk, '/v1/banking/cards', { sessionId: randomUUID() })).json())).toEqual({ outcome: 'declined', reason: 'session-expired' });
    expect(completeIssueResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue/complete', { idempotencyKey: randomUUID(), outcome: 'taken' })).json())).toEqual({ outcome: 'declined', reason: 'unknown-card' });
    const bad = await post(kiosk, '/v1/banking/cards/issue', { sessionId: randomUUID(), idempotencyKey: 'not-a-uuid' });
    expect(bad.statusCode).toBe(400);
    expect(errorBodySchema.parse(bad.json()).code).toBe('BAD_REQUEST');
  });

  it('a first card for an account just opened at this kiosk: no fee, one card however often asked, activated once taken; another kiosk or an unknown application is refused', async () => {
    const kiosk = await enrollTestKiosk(stores.authStore);
    const other = await enrollTestKiosk(stores.authStore);
    cardKey ??= cardKeySchema.parse((await signedInject(app, kiosk, { method: 'GET', url: '/v1/banking/card-key' })).json());
    const applicationId = randomUUID();
    opened.set(applicationId, { kioskId: kiosk.kioskId, accountId: 'A4001' });
    const before = await balance('A4001');
    const pan = stockPan(3);
    const key = randomUUID();
    const request = { idempotencyKey: key, applicationId, newCard: dispensed(pan), pin: pinBlock(pan, '246810'), confirm: pinBlock(pan, '246810') };

    expect(issueCardResponseSchema.parse((await post(other, '/v1/banking/cards/issue-first', { ...request, idempotencyKey: randomUUID() })).json())).toEqual({ outcome: 'declined', reason: 'unknown-account' });
    expect(issueCardResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue-first', { ...request, idempotencyKey: randomUUID(), applicationId: randomUUID() })).json())).toEqual({ outcome: 'declined', reason: 'unknown-account' });
    expect(issueCardResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue-first', { ...request, idempotencyKey: randomUUID(), confirm: pinBlock(pan, '246811') })).json())).toEqual({ outcome: 'declined', reason: 'pin-mismatch' });

    const issued = issueCardResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue-first', request)).json());
    if (issued.outcome !== 'issued') throw new Error(issued.reason);
    expect(issued.fee).toEqual({ minor: 0, currency: 'CNY' });
    const replay = await post(kiosk, '/v1/banking/cards/issue-first', { ...request, pin: pinBlock(pan, '246810'), confirm: pinBlock(pan, '246810') });
    expect(replay.headers[IDEMPOTENT_REPLAY_HEADER]).toBe('true');
    expect(issueCardResponseSchema.parse(replay.json())).toEqual(issued);
    const { rows } = await testDb.db.query<{ n: number }>("SELECT count(*)::int AS n FROM demo_bank_cards WHERE customer_id = 'C1004' AND status = 'issued'");
    expect(rows[0]?.n).toBe(1);

    expect(completeIssueResponseSchema.parse((await post(kiosk, '/v1/banking/cards/issue/complete', { idempotencyKey: key, outcome: 'taken' })).json())).toMatchObject({ outcome: 'activated', card: { cardId: issued.cardId, status: 'active' } });
    const works = cardAuthorisationResponseSchema.parse((await post(kiosk, '/v1/banking/card-sessions', { card: dispensed(pan), pin: pinBlock(pan, '246810') })).json());
    expect(works).toMatchObject({ outcome: 'approved', session: { customer: { customerId: 'C1004' } } });
    expect(await balance('A4001')).toBe(before);
    expect(logLines.join('')).not.toContain(pan);
  });
});
