// The account-opening journey against fake ports (issue 11): the rule is "no half-opened
// account". Each path checks what the hub was asked (filed, polled, opened, withdrawn), what the
// booked row keeps, what the page was shown (masked), and that no log line holds a personal datum.
import { describe, expect, it } from 'vitest';
import { accountOpeningStateSchema, type AccountOpeningState } from '../../bridge/account-opening-contract.js';
import type { ApplicationStatusResponse, DocumentRead, FaceEvidence, FileApplicationRequest, OpenAccountResponse } from '../../../protocol/account-opening.js';
import { HubUnreachableError, type JourneyTimers } from './bill-payment-ports.js';
import { AccountOpeningJourney, EXPERT_SLA_MS, MAX_FACE_TRIES, STATUS_POLL_MS } from './account-opening-machine.js';
import type { AccountOpeningBankPort, ApplicationProgress, DocumentReading, PushedDecision } from './account-opening-ports.js';

const APP_ID = '0194c1a2-0000-7000-8000-000000000001';
const ID_CARD: DocumentRead = { kind: 'cn-id', name: '王小明', idNumber: '110101199003074578', sex: 'M', birthDate: '1990-03-07', nationality: 'CHN', validTo: 'long-term', address: '北京市东城区景山前街4号', issuer: '北京市公安局东城分局' };
const PASSPORT: DocumentRead = { kind: 'passport', name: 'ERIKSSON ANNA MARIA', idNumber: 'L898902C3', sex: 'F', birthDate: '1974-08-12', nationality: 'UTO', validTo: '2032-04-15' };
const PHOTO = { mime: 'image/jpeg' as const, base64: '/9j/4AAQSkZJRgABAQ==' };
const LIVE = { mime: 'image/jpeg' as const, base64: '/9j/4AAQSkZJRgABAg==' };
const CONSENT = { version: 'terms-2026.11', accepted: ['terms', 'privacy', 'identity-check'] as ('terms' | 'privacy' | 'identity-check')[], signature: { mime: 'image/png' as const, base64: 'iVBORw0KGgo=' } };
const KYC = { occupation: 'employee' as const, purpose: 'salary' as const, taxResidency: { kind: 'cn-only' as const } };
const DECISION = { decisionId: '0194c1a2-0000-7000-8000-0000000000d1', decision: 'approve' as const, decidedAt: '2026-12-05T10:00:00.000Z', signature: 'sig-approve' };
const OPENED: OpenAccountResponse = { outcome: 'opened', accountId: 'A-1', maskedAccount: '6222****1234', reference: 'AO-20261205-0194C1A20000', decision: DECISION };
const NOW = Date.parse('2026-12-05T12:00:00Z');

const faceCheck = (decision: 'match' | 'no-match'): FaceEvidence => ({
  outcome: 'checked',
  result: { score: decision === 'match' ? 0.9 : 0.2, threshold: 0.6, decision, liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 10, antiSpoofScore: null }, timings: { idPhotoMs: 1, framesMs: 1, answerMs: 1 }, engine: 'test' },
  livePhoto: LIVE,
});

function manualTimers() {
  let now = NOW;
  let pending: { id: number; at: number; fn: () => void }[] = [];
  let next = 0;
  const timers: JourneyTimers = {
    setTimeout: (fn, ms) => {
      const id = ++next;
      pending.push({ id, at: now + ms, fn });
      return id;
    },
    clearTimeout: (handle) => void (pending = pending.filter((p) => p.id !== handle)),
  };
  return {
    timers,
    now: () => now,
    /** Runs every timer due within `ms`, in order, letting the promises they start settle. */
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = pending.filter((p) => p.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        pending = pending.filter((p) => p !== due);
        now = due.at;
        due.fn();
        for (let i = 0; i < 20; i++) await Promise.resolve();
      }
      now = until;
    },
  };
}

function harness(opts: { status?: () => Promise<ApplicationStatusResponse>; file?: () => Promise<unknown>; open?: () => Promise<OpenAccountResponse>; withdraw?: () => Promise<ApplicationStatusResponse>; inCall?: () => boolean; printed?: boolean; readers?: boolean } = {}) {
  const states: AccountOpeningState[] = [];
  const calls: string[] = [];
  const kept: ApplicationProgress[] = [];
  const logs: string[] = [];
  const filed: Omit<FileApplicationRequest, 'kioskId'>[] = [];
  const clock = manualTimers();
  const readings: DocumentReading[] = [];
  let waiting: ((r: DocumentReading) => void) | null = null;
  const decisionListeners = new Set<(d: PushedDecision) => void>();
  const bank: AccountOpeningBankPort = {
    fileApplication: async (request) => {
      calls.push('file');
      filed.push(request);
      if (opts.file) return (await opts.file()) as never;
      return { outcome: 'filed', applicationId: request.applicationId };
    },
    applicationStatus: async () => (calls.push('status'), opts.status ? opts.status() : { outcome: 'ok', status: 'filed' }),
    withdrawApplication: async (_id, reason) => (calls.push(`withdraw ${reason}`), opts.withdraw ? opts.withdraw() : { outcome: 'ok', status: 'withdrawn' }),
    openAccount: async () => (calls.push('open'), opts.open ? opts.open() : OPENED),
  };
  const log = (level: string) => (obj: object, msg: string) => void logs.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  const journey = new AccountOpeningJourney({
    bank,
    documents: {
      hasPassportReader: () => true,
      hasReader: () => opts.readers ?? true,
      next: (signal) =>
        new Promise((resolve, reject) => {
          const queued = readings.shift();
          if (queued) return resolve(queued);
          waiting = resolve;
          signal.addEventListener('abort', () => reject(new Error('left')), { once: true });
        }),
    },
    expert: { inCall: opts.inCall ?? (() => false), onDecision: (cb) => (decisionListeners.add(cb), () => void decisionListeners.delete(cb)) },
    book: { book: async () => (calls.push('book'), { id: APP_ID }), keep: async (_id, progress) => void kept.push(progress) },
    receipt: { print: async (r) => (calls.push(`receipt ${r.maskedAccount} ${r.reference}`), opts.printed ?? true) },
    cardOffer: { available: async () => true },
    log: { info: log('info'), debug: log('debug'), warn: log('warn') },
    onChange: (state) => states.push(accountOpeningStateSchema.parse(state)),
    consentVersion: 'terms-2026.11',
    faceThreshold: 0.6,
    timers: clock.timers,
    now: clock.now,
    timeZone: 'UTC',
  });
  const place = async (reading: DocumentReading) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(reading);
    } else readings.push(reading);
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const push = (d: Partial<PushedDecision> = {}) => {
    for (const cb of decisionListeners) cb({ authRequestId: APP_ID, action: 'account.open', ...DECISION, ...d });
  };
  const settle = async () => {
    for (let i = 0; i < 40; i++) await Promise.resolve();
  };
  return { journey, states, calls, kept, logs, filed, clock, place, push, settle, listeners: decisionListeners };
}

/** From start to the approval phase with a China ID card whose photo matched. */
async function toApproval(h: ReturnType<typeof harness>, document: DocumentRead = ID_CARD) {
  void h.journey.start();
  await h.settle();
  expect(h.journey.state).toEqual({ phase: 'document', passportReader: true });
  await h.place({ outcome: 'read', document, photo: document.kind === 'cn-id' ? PHOTO : null });
  h.journey.confirmDocument();
  if (document.kind === 'cn-id') h.journey.face(faceCheck('match'));
  h.journey.consent(CONSENT);
  await h.journey.kyc(KYC, 'en');
}

describe('account opening journey', () => {
  it('approved over the signaling socket: filed after the row is booked, opened once, receipt printed, card offered; no personal datum in a log', async () => {
    const h = harness();
    void h.journey.start();
    await h.settle();
    await h.place({ outcome: 'read', document: ID_CARD, photo: PHOTO });
    expect(h.journey.state).toEqual({ phase: 'confirm', fields: { document: 'cn-id', name: '王*明', idNumber: '110101********4578', sex: 'M', birthYear: 1990, nationality: 'CHN', validTo: 'long-term', address: '北京市东城区…' } });
    h.journey.confirmDocument();
    expect(h.journey.state).toEqual({ phase: 'face', idPhoto: PHOTO, threshold: 0.6, tries: 0 });
    h.journey.face(faceCheck('match'));
    expect(h.journey.state).toEqual({ phase: 'consent', version: 'terms-2026.11' });
    // Terms of another version than the ones shown are not taken.
    expect(h.journey.consent({ ...CONSENT, version: 'terms-2020.1' })).toBe(false);
    expect(h.journey.state.phase).toBe('consent');
    expect(h.journey.consent(CONSENT)).toBe(true);
    await h.journey.kyc(KYC, 'zh-CN');
    expect(h.journey.state).toMatchObject({ phase: 'approval', applicationId: APP_ID, deadline: NOW + EXPERT_SLA_MS });
    expect(h.calls).toEqual(['book', 'file']);
    expect(h.filed[0]).toMatchObject({ applicationId: APP_ID, document: ID_CARD, idPhoto: PHOTO, face: { outcome: 'checked' }, consent: CONSENT, kyc: KYC, locale: 'zh-CN' });
    // Another application's decision changes nothing.
    h.push({ authRequestId: '0194c1a2-0000-7000-8000-0000000000ff' });
    await h.settle();
    expect(h.journey.state.phase).toBe('approval');
    h.push();
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'opened', maskedAccount: '6222****1234', reference: OPENED.outcome === 'opened' ? OPENED.reference : '', receipt: 'printed', cardOffer: true });
    expect(h.calls).toEqual(['book', 'file', 'open', 'receipt 6222****1234 AO-20261205-0194C1A20000']);
    expect(h.kept.map((k) => k.status)).toEqual(['filed', 'approved', 'opened']);
    await h.journey.finish();
    expect(h.journey.state.phase).toBe('idle');
    // Nothing withdrawn after an opening; the listener is gone.
    expect(h.calls.some((c) => c.startsWith('withdraw'))).toBe(false);
    expect(h.listeners.size).toBe(0);
    const logs = h.logs.join('\n');
    for (const secret of [ID_CARD.idNumber, ID_CARD.name, '19900307', '1990-03-07', PHOTO.base64, LIVE.base64, CONSENT.signature.base64, '景山']) expect(logs).not.toContain(secret);
  });

  it('learns the decision by polling the status when the socket message never comes', async () => {
    let answer: ApplicationStatusResponse = { outcome: 'ok', status: 'filed' };
    const h = harness({ status: async () => answer });
    await toApproval(h);
    await h.clock.advance(STATUS_POLL_MS);
    expect(h.calls.filter((c) => c === 'status')).toHaveLength(1);
    expect(h.journey.state.phase).toBe('approval');
    answer = { outcome: 'ok', status: 'approved', decision: DECISION };
    await h.clock.advance(STATUS_POLL_MS);
    await h.settle();
    expect(h.journey.state).toMatchObject({ phase: 'opened', receipt: 'printed' });
    expect(h.calls.filter((c) => c === 'open')).toHaveLength(1);
  });

  it('declined: stopped with nothing to withdraw, the signed decline kept', async () => {
    const h = harness();
    await toApproval(h);
    h.push({ decision: 'decline', signature: 'sig-decline' });
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'declined' });
    expect(h.kept.at(-1)).toEqual({ status: 'declined', decision: { ...DECISION, decision: 'decline', signature: 'sig-decline' } });
    expect(h.calls).not.toContain('open');
    expect(h.calls.some((c) => c.startsWith('withdraw'))).toBe(false);
  });

  it('no expert by the deadline: withdrawn at the hub (no-expert); an expert still talking keeps it waiting', async () => {
    let talking = true;
    const h = harness({ inCall: () => talking });
    await toApproval(h);
    await h.clock.advance(EXPERT_SLA_MS + 1_000);
    expect(h.journey.state.phase).toBe('approval');
    talking = false;
    await h.clock.advance(10_000);
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'no-expert' });
    expect(h.calls).toContain('withdraw no-expert');
    expect(h.kept.slice(-2)).toEqual([{ status: 'withdraw-pending', reason: 'no-expert' }, { status: 'withdrawn' }]);
    // A late approval opens nothing.
    h.push();
    await h.settle();
    expect(h.calls).not.toContain('open');
  });

  it('the customer leaves while waiting for the expert: withdrawn; a hub that does not answer the withdrawal leaves it pending', async () => {
    const h = harness({ withdraw: async () => Promise.reject(new HubUnreachableError('down')) });
    await toApproval(h);
    await h.journey.cancel();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    expect(h.calls).toContain('withdraw customer');
    expect(h.kept.at(-1)).toEqual({ status: 'withdraw-pending', reason: 'customer' });
  });

  it('refuses an under-age holder and an expired document on the kiosk clock, before anything is booked', async () => {
    for (const [document, reason] of [
      [{ ...ID_CARD, birthDate: '2010-12-06', idNumber: '110101201012060017' }, 'under-age'],
      [{ ...PASSPORT, validTo: '2026-12-04' }, 'document-expired'],
    ] as const) {
      const h = harness();
      void h.journey.start();
      await h.settle();
      await h.place({ outcome: 'read', document, photo: null });
      expect(h.journey.state).toEqual({ phase: 'stopped', reason });
      expect(h.calls).toEqual([]);
    }
    // Sixteen today is old enough.
    const h = harness();
    void h.journey.start();
    await h.settle();
    await h.place({ outcome: 'read', document: { ...ID_CARD, birthDate: '2010-12-05' }, photo: null });
    expect(h.journey.state.phase).toBe('confirm');
  });

  it('a passport has no ID photo: no face step, the expert checks the face (needs-staff), filed without a document photo', async () => {
    const h = harness();
    await toApproval(h, PASSPORT);
    expect(h.states.some((s) => s.phase === 'face')).toBe(false);
    expect(h.filed[0]?.face).toEqual({ outcome: 'needs-staff', reason: 'check-unavailable' });
    expect(h.filed[0]).not.toHaveProperty('idPhoto');
    expect(h.journey.state).toMatchObject({ phase: 'approval', summary: expect.stringContaining('passport') });
  });

  it('a read problem asks again; reread goes back to the reader', async () => {
    const h = harness();
    void h.journey.start();
    await h.settle();
    await h.place({ outcome: 'problem', problem: 'check-digits' });
    expect(h.journey.state).toEqual({ phase: 'document', passportReader: true, problem: 'check-digits' });
    await h.place({ outcome: 'read', document: ID_CARD, photo: PHOTO });
    expect(h.journey.state.phase).toBe('confirm');
    void h.journey.rereadDocument();
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'document', passportReader: true });
  });

  it(`stops after ${MAX_FACE_TRIES} face checks that do not match`, async () => {
    const h = harness();
    void h.journey.start();
    await h.settle();
    await h.place({ outcome: 'read', document: ID_CARD, photo: PHOTO });
    h.journey.confirmDocument();
    h.journey.face(faceCheck('no-match'));
    expect(h.journey.state).toMatchObject({ phase: 'face', tries: 1 });
    h.journey.face(faceCheck('no-match'));
    h.journey.face(faceCheck('no-match'));
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'face-check' });
    expect(h.calls).toEqual([]);
  });

  it('a hub that does not answer the filing: stopped hub-unreachable, the application marked for withdrawal', async () => {
    const h = harness({ file: async () => Promise.reject(new HubUnreachableError('timeout')), withdraw: async () => Promise.reject(new HubUnreachableError('timeout')) });
    await toApproval(h);
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'hub-unreachable' });
    expect(h.kept).toEqual([{ status: 'unknown' }, { status: 'withdraw-pending', reason: 'timeout' }]);
  });

  it('the customer leaves while the application is being filed: what the hub filed is withdrawn all the same', async () => {
    let release: () => void = () => undefined;
    const filing = new Promise<void>((resolve) => (release = resolve));
    const h = harness({ file: async () => (await filing, { outcome: 'filed', applicationId: APP_ID }) });
    const submitted = toApproval(h);
    for (let i = 0; i < 20 && h.journey.state.phase !== 'submitting'; i++) await h.settle();
    expect(h.journey.state.phase).toBe('submitting');
    await h.journey.cancel();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    release();
    await submitted;
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    expect(h.calls.filter((c) => c === 'withdraw customer')).toHaveLength(2);
    expect(h.kept.at(-1)).toEqual({ status: 'withdrawn' });
    expect(h.kept).not.toContainEqual({ status: 'filed' });
  });

  it('a printer out of paper: the account is opened all the same and the page says the receipt did not print', async () => {
    const h = harness({ printed: false });
    await toApproval(h);
    h.push();
    await h.settle();
    expect(h.journey.state).toMatchObject({ phase: 'opened', receipt: 'not-printed', maskedAccount: '6222****1234' });
    expect(h.kept.at(-1)).toMatchObject({ status: 'opened' });
  });

  it('no ID reader that can read: stopped device at once', async () => {
    const h = harness({ readers: false });
    await h.journey.start();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'device' });
    expect(h.calls).toEqual([]);
  });

  it('a bank that refuses the approved application: stopped bank-refused with its code, withdrawn', async () => {
    const h = harness({ open: async () => ({ outcome: 'refused', reason: 'already-customer' }) });
    await toApproval(h);
    h.push();
    await h.settle();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'bank-refused', declined: 'already-customer' });
    expect(h.calls).toContain('withdraw customer');
  });

  it('the session ends mid-journey: stopped, then idle; a finished journey drops everything', async () => {
    const h = harness();
    await toApproval(h);
    await h.journey.sessionEnded('idle');
    expect(h.journey.state.phase).toBe('stopped');
    expect(h.calls).toContain('withdraw customer');
    await h.journey.sessionEnded('idle');
    expect(h.journey.state.phase).toBe('idle');
    // Nothing left to confirm or file.
    h.journey.confirmDocument();
    await h.journey.kyc(KYC, 'en');
    expect(h.calls.filter((c) => c === 'file')).toHaveLength(1);
  });
});
