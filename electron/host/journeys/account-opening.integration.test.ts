// Account opening end to end on the host (issue 11): the real host — bridge dispatch, device
// worker with the China ID card reader, passport MRZ reader, card dispenser and ESC/POS printer
// simulators behind their real drivers, outbox — against the embedded hub and its demo bank. The
// expert's decision is recorded the way the hub's `authorization.decide` handler records it (the
// assistance store, in one transaction with the application, signed by the decision signer);
// the kiosk learns it by polling the status route (the socket copy is covered by the unit tests).
// Paths: approved → the account exists at the demo bank and the welcome receipt prints; declined;
// no expert by the deadline → withdrawn at the hub; under-age and expired cards refused; a
// passport (no chip photo: the expert checks the face). No log line holds a name or an ID number.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountOpeningStatus } from '../../bridge/account-opening-contract.js';
import type { ChinaIdSimulator } from '../../../drivers/id/china/simulator.node.js';
import type { CnIdText } from '../../../drivers/id/china/codec/base-info.js';
import { idCheckChar } from '../../../drivers/id/china/codec/id-number.js';
import { SAMPLE_CARD } from '../../../drivers/id/china/sim/sample-card.js';
import { simulatedPhotoBlock } from '../../../drivers/id/china/sim/simulated-photo.js';
import { encodeMrz } from '../../../drivers/id/codec/mrz-encode.js';
import type { MrzSimulator } from '../../../drivers/id/mrz/simulator.node.js';
import type { EscPosSimulator } from '../../../drivers/escpos/simulator.node.js';
import { enrollLocalKiosk } from '../../../hub/auth/enroll-local.node.js';
import { createAssistStore, type AssistStore } from '../../../hub/assist/storage/assist-store.js';
import { systemClock } from '../../../hub/assist/clock.js';
import { StaffAuth } from '../../../hub/assist/staff/staff-auth.node.js';
import { createTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../../../hub/assist/testing/staff-fixtures.js';
import { createDemoCoreBanking } from '../../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../../hub/start-hub.node.js';
import type { Database } from '../../../hub/storage/queryable.js';
import { recordExpertDecision } from '../../../hub/testing/account-opening.node.js';
import type { FaceEvidence } from '../../../protocol/account-opening.js';
import { loadConfig } from '../config.js';
import { openCredentialsStore } from '../kiosk-credentials.node.js';
import { createLogger } from '../log.node.js';
import { startHost, type KioskHost } from '../start-host.node.js';

const KIOSK = 'K61';
const SLA_MS = 8_000;
const simulated = { transport: { type: 'simulated' } } as const;
const FACES = 'test/fixtures/faces';
const portrait = (name: string) => readFileSync(path.join(FACES, `${name}.jpg`)).toString('base64');

/** A resident ID card of a made-up holder born on `birth` (YYYYMMDD), valid to `validTo`. */
function card(birth: string, validTo = '长期', name = '王测试'): CnIdText {
  const partial = `110105${birth}002`;
  return { ...SAMPLE_CARD, name, birth, idNumber: `${partial}${idCheckChar(partial)}`, validFrom: '20100101', validTo };
}
const yearsAgo = (years: number) => {
  const at = new Date();
  at.setFullYear(at.getFullYear() - years);
  return `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
};

let hub: RunningHub;
let hubDb: Database;
let assistStore: AssistStore;
let expertId: string;
let host: KioskHost;
let last: AccountOpeningStatus | null = null;
const logLines: string[] = [];

const sim = <T>(role: string) => host.devices.simulatorControls(role) as T;
async function call(method: string, params: unknown = {}): Promise<unknown> {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw Object.assign(new Error(`${method}: ${env.error.message}`), { code: env.error.code });
  return env.result;
}
const state = () => last?.state;
const waitPhase = (p: string, timeout = 20_000) => vi.waitFor(() => expect(state()?.phase).toBe(p), { timeout, interval: 50 });
const face = (): FaceEvidence => ({
  outcome: 'checked',
  result: { score: 0.9, threshold: 0.6, decision: 'match', liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 12, antiSpoofScore: null }, timings: { idPhotoMs: 10, framesMs: 100, answerMs: 200 }, engine: 'integration-test' },
  livePhoto: { mime: 'image/jpeg', base64: portrait('hopper-live') },
});
const CONSENT = { version: 'terms-2026.11', accepted: ['terms', 'privacy', 'identity-check'], signature: { mime: 'image/png', base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } };
const KYC = { answers: { occupation: 'employee', purpose: 'salary', taxResidency: { kind: 'cn-only' } }, locale: 'en' };

async function placeCard(text: CnIdText, photo = 'hopper-id'): Promise<void> {
  const reader = sim<ChinaIdSimulator>('idcard').reader;
  reader.removeCard();
  // The driver reads a card once per placing: lift it for a poll, then place it.
  await new Promise((r) => setTimeout(r, 700));
  reader.placeCard({ text, photo: simulatedPhotoBlock(photo) });
}

/** Start → the card read and confirmed → face → consent → KYC: the application filed, waiting for the expert. */
async function toApproval(text: CnIdText): Promise<string> {
  await call('accountOpening.start');
  await waitPhase('document');
  await placeCard(text);
  await waitPhase('confirm');
  await call('accountOpening.confirmDocument');
  await waitPhase('face');
  await call('accountOpening.face', face());
  await waitPhase('consent');
  await call('accountOpening.consent', CONSENT);
  await waitPhase('kyc');
  await call('accountOpening.kyc', KYC);
  await waitPhase('approval');
  const s = state();
  if (s?.phase !== 'approval') throw new Error('not in approval');
  return s.applicationId;
}

const applicationStatus = async (id: string) => (await hubDb.query<{ status: string }>('SELECT status FROM account_applications WHERE application_id = $1', [id])).rows[0]?.status;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    // The demo bank, built here so the test holds the hub's database (to record the expert's decision as the hub does).
    coreBanking: async (ctx) => {
      hubDb = ctx.db;
      return createDemoCoreBanking({ db: ctx.db, secretKey: ctx.secretKey });
    },
  });
  assistStore = await createAssistStore(hubDb);
  const staffAuth = new StaffAuth({ db: hubDb, clock: systemClock, sessionTtlSec: 3600, idleSec: 600, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
  expertId = (await createTestStaff(staffAuth, { role: 'expert' })).staff.staffId;

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-aoopen-'));
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: KIOSK,
      dataDir,
      hubUrl: hub.url,
      syncIntervalMs: 60_000,
      accountOpening: { expertSlaMs: SLA_MS, faceThreshold: 0.6, consentVersion: 'terms-2026.11', demoPortraitsDir: FACES },
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', ...simulated },
        { role: 'passport', kind: 'id-reader', driver: 'mrz', ...simulated },
        { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', ...simulated },
      ],
    },
  });
  await openCredentialsStore({ dataDir }).save(await enrollLocalKiosk(hub, KIOSK));
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) });
  host = await startHost({ config, logger: createLogger({ level: 'debug', destination: sink }) });
  host.events.subscribe((name, payload) => {
    if (name === 'accountOpening.state') last = payload as AccountOpeningStatus;
  });
  await vi.waitFor(() => expect(host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  // Online: the journey is refused while the kiosk has not reached the hub.
  await host.syncNow();
}, 120_000);
afterAll(async () => {
  await host?.close();
  await hub?.close();
});

describe('account opening on the host', () => {
  it('approved by the expert: the demo bank opens one account, the welcome receipt prints, no personal datum in the logs or the outbox', async () => {
    const printer = host.devices.simulator() as EscPosSimulator;
    await call('accountOpening.start');
    await waitPhase('document');
    expect(state()).toEqual({ phase: 'document', passportReader: true });
    await placeCard(SAMPLE_CARD);
    await waitPhase('confirm');
    expect(state()).toEqual({ phase: 'confirm', fields: { document: 'cn-id', name: '测*员', idNumber: '110105********002X', sex: 'F', birthYear: 1949, nationality: 'CHN', validTo: 'long-term', address: '北京市朝阳区…' } });
    await call('accountOpening.confirmDocument');
    await waitPhase('face');
    // The simulated card's photo, decoded by the demo decoder: the fixture portrait.
    expect(state()).toMatchObject({ phase: 'face', idPhoto: { mime: 'image/jpeg', base64: portrait('hopper-id') }, threshold: 0.6, tries: 0 });
    await call('accountOpening.face', face());
    await call('accountOpening.consent', CONSENT);
    await call('accountOpening.kyc', KYC);
    await waitPhase('approval');
    const s = state();
    if (s?.phase !== 'approval') throw new Error('not in approval');
    expect(s.deadline).toBeGreaterThan(Date.now());
    expect(await applicationStatus(s.applicationId)).toBe('filed');

    await recordExpertDecision(assistStore, { kioskId: KIOSK, applicationId: s.applicationId, staffId: expertId, decision: 'approve' });
    await vi.waitFor(() => expect(state()).toMatchObject({ phase: 'opened', receipt: 'printed', cardOffer: true }), { timeout: 15_000, interval: 50 });
    const opened = state();
    if (opened?.phase !== 'opened') throw new Error('not opened');
    expect(opened.maskedAccount).toMatch(/^6222\*{4}\d{4}$/);
    const accounts = await hubDb.query<{ account_id: string; display_name: string }>(
      'SELECT o.account_id, c.display_name FROM demo_bank_account_openings o JOIN demo_bank_customers c ON c.customer_id = o.customer_id WHERE o.application_id = $1',
      [s.applicationId],
    );
    expect(accounts.rows).toHaveLength(1);
    expect(await applicationStatus(s.applicationId)).toBe('opened');
    const receipt = (await printer.waitForJob(5_000)).text;
    expect(receipt).toContain('Account opening receipt');
    expect(receipt).toContain(opened.maskedAccount);
    expect(receipt).toContain(opened.reference);
    expect(receipt).not.toContain(SAMPLE_CARD.idNumber);

    // The outbox row, as synced to the hub: the document's kind and the face outcome — nothing personal.
    await host.syncNow();
    const synced = await hubDb.query<{ payload: unknown }>("SELECT payload FROM kiosk_transactions WHERE kiosk_id = $1 AND tx_id = $2 AND type = 'account.opening'", [KIOSK, s.applicationId]);
    expect(synced.rows.map((r) => r.payload)).toEqual([{ document: 'cn-id', face: 'checked' }]);
    await call('accountOpening.finish');
    await waitPhase('idle');
    const logs = logLines.join('');
    expect(logs).toContain('account-opening: approval → opening');
    for (const secret of [SAMPLE_CARD.idNumber, SAMPLE_CARD.name, SAMPLE_CARD.address, '1949-12-31', portrait('hopper-id').slice(100, 160), portrait('hopper-live').slice(100, 160), CONSENT.signature.base64.slice(20)]) expect(logs).not.toContain(secret);
  });

  it('declined by the expert: stopped, nothing opened', async () => {
    const id = await toApproval(card('19900101'));
    await recordExpertDecision(assistStore, { kioskId: KIOSK, applicationId: id, staffId: expertId, decision: 'decline' });
    await waitPhase('stopped', 15_000);
    expect(state()).toEqual({ phase: 'stopped', reason: 'declined' });
    expect(await applicationStatus(id)).toBe('declined');
    expect((await hubDb.query('SELECT 1 FROM demo_bank_account_openings WHERE application_id = $1', [id])).rows).toHaveLength(0);
    await call('accountOpening.finish');
  });

  it('no expert by the deadline: withdrawn at the hub; a late approval opens nothing', async () => {
    const id = await toApproval(card('19850601'));
    await waitPhase('stopped', SLA_MS + 10_000);
    expect(state()).toEqual({ phase: 'stopped', reason: 'no-expert' });
    await vi.waitFor(async () => expect(await applicationStatus(id)).toBe('withdrawn'), { timeout: 10_000, interval: 100 });
    await recordExpertDecision(assistStore, { kioskId: KIOSK, applicationId: id, staffId: expertId, decision: 'approve' });
    expect(await applicationStatus(id)).toBe('withdrawn');
    await call('accountOpening.finish');
  }, 40_000);

  it('refuses an under-age holder and an expired card before anything is filed', async () => {
    const before = (await hubDb.query('SELECT 1 FROM account_applications')).rows.length;
    await call('accountOpening.start');
    await waitPhase('document');
    await placeCard(card(yearsAgo(15)));
    await waitPhase('stopped');
    expect(state()).toEqual({ phase: 'stopped', reason: 'under-age' });
    await call('accountOpening.start');
    await waitPhase('document');
    await placeCard(card('19800101', '20200101'));
    await waitPhase('stopped');
    expect(state()).toEqual({ phase: 'stopped', reason: 'document-expired' });
    expect((await hubDb.query('SELECT 1 FROM account_applications')).rows.length).toBe(before);
    await call('accountOpening.finish');
  });

  it('a passport: no chip photo, so no face step; filed for the expert to check the face, approved, opened', async () => {
    await call('accountOpening.start');
    await waitPhase('document');
    await sim<MrzSimulator>('passport').present(encodeMrz({ format: 'TD3', documentCode: 'P', issuingState: 'UTO', documentNumber: 'L898902C3', nationality: 'UTO', birth: '740812', sex: 'F', expiry: '320415', surname: 'ERIKSSON', givenNames: 'ANNA MARIA' }));
    await waitPhase('confirm');
    expect(state()).toMatchObject({ phase: 'confirm', fields: { document: 'passport', name: 'ERIKSSON A***', idNumber: 'L8*****C3', nationality: 'UTO', validTo: '2032-04-15' } });
    await call('accountOpening.confirmDocument');
    await waitPhase('consent');
    await call('accountOpening.consent', CONSENT);
    await call('accountOpening.kyc', KYC);
    await waitPhase('approval');
    const s = state();
    if (s?.phase !== 'approval') throw new Error('not in approval');
    const sealed = await hubDb.query<{ document_kind: string }>('SELECT document_kind FROM account_applications WHERE application_id = $1', [s.applicationId]);
    expect(sealed.rows).toEqual([{ document_kind: 'passport' }]);
    await recordExpertDecision(assistStore, { kioskId: KIOSK, applicationId: s.applicationId, staffId: expertId, decision: 'approve' });
    await vi.waitFor(() => expect(state()).toMatchObject({ phase: 'opened', receipt: 'printed' }), { timeout: 15_000, interval: 50 });
    await call('accountOpening.finish');
    expect(logLines.join('')).not.toContain('L898902C3');
  });
});
