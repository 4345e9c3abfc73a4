// @vitest-environment jsdom
// "Open an account" against a fake host that plays the journey by hand: the page sends the
// customer's answers over the bridge (validated against the real contract by the fake host),
// renders whatever state the host sends in the customer's language, calls an expert and asks
// for the account.open authorization about this application, and gives every stop a way on.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountOpeningState, AccountOpeningStatus, AccountOpeningStop } from '../../../electron/bridge/account-opening-contract.js';
import type { AssistState, AssistStatus } from '../../../electron/bridge/assist-contract.js';
import { BridgeError } from '../../../electron/bridge/contract.js';
import type { FaceImage } from '../../../protocol/face-check.js';
import { createKioskI18n } from '../../i18n/i18n.js';
import { createFakeHost, type FakeHandlers, type FakeHost } from '../../testing/fake-host.js';
import { resetDocument } from '../../testing/render-kiosk.js';
import { CallDepsContext } from '../assist/AssistContext.js';
import { fakeMedia, fakePeers } from '../assist/call-testing.js';
import { CameraProblemError, type FaceCamera } from '../identity/face/camera.dom.js';
import { createDeterministicVerifier, tagFaceImage, type FaceTag } from '../identity/face/deterministic-verifier.js';
import { KioskApp } from '../KioskApp.js';
import { FaceScreenDepsContext, type FaceScreenDeps } from './FaceScreen.js';
import { CURRENT_TERMS_VERSION } from './terms.js';

const APPLICATION = '0190a000-0000-7000-8000-00000000000a';
const SESSION = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01';
const CALL = { sessionId: SESSION, requestId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02', expert: { displayName: '李伟' }, iceServers: [] };
const ALICE = 7;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const fields = { document: 'cn-id', name: '张*明', idNumber: '110101********1234', sex: 'M', birthYear: 1990, nationality: 'CHN', validTo: 'long-term', address: '北京市东城区' } as const;
const idPhoto = { mime: 'image/jpeg', base64: 'AAAA' } as const;

beforeEach(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  // jsdom has no 2D canvas: the photo and the signature draw nothing (ink is counted from the pointer).
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** A camera whose frames are a blinking Alice (the photo first, eyes open), then still. */
function blinkingCamera(): FaceCamera & { closed: number } {
  const tags: FaceTag[] = [0.3, 0.3, 0.31, 0.3, 0.29, 0.08, 0.05, 0.3, 0.31, 0.3, 0.3].map((eyeOpenness) => ({ person: ALICE, eyeOpenness }));
  let grabbed = 0;
  const camera = {
    closed: 0,
    open: async () => undefined,
    grab: () => ({ image: tagFaceImage(tags[Math.min(grabbed++, tags.length - 1)] ?? { person: ALICE }), atMs: grabbed * 100 }),
    close: () => void (camera.closed += 1),
  };
  return camera;
}

interface Setup {
  handlers?: FakeHandlers;
  camera?: FaceCamera;
  encoded?: FaceImage[];
}

/** The kiosk with a journey the test moves by hand; every request answers the last state sent. */
function renderOpening({ handlers = {}, camera = blinkingCamera(), encoded = [] }: Setup = {}) {
  let seq = 0;
  let state: AccountOpeningState = { phase: 'idle' };
  let assistSeq = 0;
  let assist: AssistState = { phase: 'idle' };
  const status = (): AccountOpeningStatus => ({ seq, state });
  const assistStatus = (): AssistStatus => ({ seq: assistSeq, state: assist });
  const moveAssist = (next: AssistState) => {
    assistSeq += 1;
    assist = next;
    return assistStatus();
  };
  let host: FakeHost | null = null;
  host = createFakeHost({
    'accountOpening.status': status,
    'accountOpening.start': () => {
      seq += 1;
      state = { phase: 'document', passportReader: false };
      return status();
    },
    'accountOpening.confirmDocument': status,
    'accountOpening.rereadDocument': status,
    'accountOpening.face': status,
    'accountOpening.consent': status,
    'accountOpening.kyc': status,
    'accountOpening.cancel': status,
    'accountOpening.finish': status,
    'assist.status': assistStatus,
    'assist.requestHelp': () => moveAssist({ phase: 'requesting' }),
    'assist.cancel': () => moveAssist({ phase: 'idle' }),
    'assist.signal': () => ({ sent: true }),
    'assist.connected': () => moveAssist({ phase: 'in-call', ...CALL }),
    ...handlers,
  });
  const peers = fakePeers();
  const face: FaceScreenDeps = {
    verifier: () => createDeterministicVerifier(),
    camera: () => camera,
    decode: async () => tagFaceImage({ person: ALICE }),
    encode: async (image) => {
      encoded.push(image);
      return { mime: 'image/jpeg', base64: '/9j/4AAQ' };
    },
    timing: { countdownSeconds: 1, frames: 10, frameIntervalMs: 20 },
  };
  const view = render(
    <CallDepsContext.Provider value={{ createPeer: peers.create, getMedia: async () => fakeMedia('video') }}>
      <FaceScreenDepsContext.Provider value={face}>
        <KioskApp connection={{ kind: 'connected', via: 'ipc', client: host.client }} i18n={createKioskI18n()} />
      </FaceScreenDepsContext.Provider>
    </CallDepsContext.Provider>,
  );
  return {
    ...view,
    host,
    peers,
    encoded,
    send(next: AccountOpeningState) {
      seq += 1;
      state = next;
      act(() => host?.emit('accountOpening.state', status()));
    },
    setAssist: (next: AssistState) => act(() => host?.emit('assist.state', moveAssist(next))),
  };
}

async function openJourney(language: 'zh' | 'en' = 'en', setup: Setup = {}) {
  const user = userEvent.setup();
  const view = renderOpening(setup);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await user.click(screen.getByTestId('tile-open-account'));
  await screen.findByTestId('opening-document-screen');
  return { user, ...view };
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('open an account: Home', () => {
  it('is a live tile when online, greyed with the reason up front when the hub is away (nothing started)', async () => {
    const user = userEvent.setup();
    const view = renderOpening({ handlers: { 'sync.status': () => ({ online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null }) } });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    const tile = screen.getByTestId('tile-open-account');
    await waitFor(() => expect(tile.getAttribute('aria-disabled')).toBe('true'));
    expect(tile.textContent).toContain('Not available offline');
    await user.click(tile);
    expect(within(screen.getByTestId('unavailable-advice')).getByRole('status').textContent).toBe('“Open an account” needs the connection to the bank, which is not available right now. Please see the counter.');
    expect(view.host.callsTo('accountOpening.start')).toEqual([]);
  });

  it('says so on a stop screen when the host refuses to start, instead of a spinner that never ends', async () => {
    const user = userEvent.setup();
    renderOpening({
      handlers: {
        'accountOpening.start': () => {
          throw new BridgeError('NOT_FOUND', 'not available');
        },
      },
    });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-zh'));
    await user.click(screen.getByTestId('tile-open-account'));
    expect((await screen.findByTestId('opening-stop-reason')).textContent).toBe('暂时无法连接银行。请稍后再试，或到柜台办理。');
  });
});

describe('open an account: the document', () => {
  it('asks for the ID card on the reader with its picture, step 1 of 6, the passport hint only with an MRZ reader, and each read problem', async () => {
    const fake = await openJourney('zh');
    const { host } = fake;
    expect(host.callsTo('accountOpening.start')).toEqual([{}]);
    expect(heading()).toBe('请将身份证放在阅读器上');
    expect(screen.getByText('第 1 步，共 6 步')).toBeTruthy();
    expect(screen.getByTestId('picture-id-reader')).toBeTruthy();
    expect(screen.queryByTestId('opening-passport-hint')).toBeNull();
    fake.send({ phase: 'document', passportReader: true, problem: 'unreadable' });
    expect(screen.getByTestId('opening-passport-hint').textContent).toBe('外国护照？请翻到照片页，面朝下放在护照阅读器上。');
    expect(screen.getByTestId('opening-document-problem').textContent).toBe('未能读取证件。请取下后重新平放，保持不动。');
    fake.send({ phase: 'document', passportReader: false, problem: 'check-digits' });
    expect(screen.getByTestId('opening-document-problem').textContent).toContain('校验未通过');
    fake.send({ phase: 'document', passportReader: false, problem: 'no-reader' });
    expect(screen.getByTestId('opening-document-problem').textContent).toBe('证件阅读器暂时无法使用。请到柜台办理。');
  });

  it('leaves by Back or Cancel: the host cancels (drops what it read) and Home shows', async () => {
    const { user, host } = await openJourney('en');
    await user.click(screen.getByTestId('back-button'));
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
    expect(host.callsTo('accountOpening.cancel')).toEqual([{}]);
    await user.click(screen.getByTestId('tile-open-account'));
    await user.click(await screen.findByTestId('opening-cancel'));
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
    expect(host.callsTo('accountOpening.cancel')).toEqual([{}, {}]);
  });

  it('shows the masked fields in a large list to confirm; This is me and Read again go to the host', async () => {
    const { user, send, host } = await openJourney('en');
    send({ phase: 'confirm', fields });
    expect(heading()).toBe('Are these your details?');
    const row = (key: string) => screen.getByTestId(`opening-field-${key}`).textContent;
    expect(row('document')).toBe('DocumentChina resident ID card');
    expect(row('name')).toBe('Name张*明');
    expect(row('idNumber')).toBe('Number110101********1234');
    expect(row('sex')).toBe('SexMale');
    expect(row('birthYear')).toBe('Year of birth1990');
    expect(row('nationality')).toBe('NationalityChina');
    expect(row('validTo')).toBe('Valid untilLong-term');
    expect(row('address')).toBe('Address北京市东城区');
    // Back is not offered past the reader: the screen's own buttons say where each leads.
    expect(screen.queryByTestId('back-button')).toBeNull();
    await user.click(screen.getByTestId('opening-confirm-again'));
    await user.click(screen.getByTestId('opening-confirm-yes'));
    expect(host.callsTo('accountOpening.rereadDocument')).toEqual([{}]);
    expect(host.callsTo('accountOpening.confirmDocument')).toEqual([{}]);
    send({ phase: 'confirm', fields: { ...fields, document: 'passport', nationality: 'USA', validTo: '2031-05-01', sex: 'F', address: undefined } });
    expect(row('nationality')).toBe('NationalityUnited States');
    expect(row('validTo')).toBe('Valid untilMay 1, 2031');
    expect(screen.queryByTestId('opening-field-address')).toBeNull();
  });
});

describe('open an account: the face', () => {
  it('runs the face check against the card photo and sends the result with the accepted photo as JPEG; no score on screen; camera stopped after', async () => {
    const camera = blinkingCamera();
    const encoded: FaceImage[] = [];
    const { user, send, host } = await openJourney('en', { camera, encoded });
    send({ phase: 'face', idPhoto, threshold: 0.6, tries: 0 });
    expect(heading()).toBe('Photo of your face');
    expect(screen.getByText('Step 2 of 6')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('face-step').getAttribute('data-phase')).toBe('review'), { timeout: 8000 });
    expect(screen.getByTestId('opening-face-screen').textContent).not.toMatch(/0\.9|score|match/i);
    await user.click(screen.getByTestId('face-step-continue'));
    await waitFor(() => expect(host.callsTo('accountOpening.face')).toHaveLength(1));
    expect(host.callsTo('accountOpening.face')[0]).toMatchObject({ outcome: 'checked', result: { decision: 'match', score: 0.95, engine: expect.any(String) }, livePhoto: { mime: 'image/jpeg', base64: '/9j/4AAQ' } });
    // The photo encoded is the one the customer saw and accepted (the try's first grab, eyes open).
    expect(Array.from(encoded[0]?.rgba.slice(0, 2) ?? [])).toEqual([ALICE, Math.round(0.3 * 255)]);
    send({ phase: 'consent', version: CURRENT_TERMS_VERSION });
    expect(camera.closed).toBeGreaterThan(0);
  }, 15_000);

  it('hands a refused camera to staff: needs-staff with the reason', async () => {
    const camera: FaceCamera = { open: async () => Promise.reject(new CameraProblemError('denied')), grab: () => ({ image: tagFaceImage({ person: 0 }), atMs: 0 }), close: () => undefined };
    const { user, send, host } = await openJourney('zh', { camera });
    send({ phase: 'face', idPhoto, threshold: 0.6, tries: 0 });
    await user.click(await screen.findByTestId('face-step-staff-continue', {}, { timeout: 4000 }));
    await waitFor(() => expect(host.callsTo('accountOpening.face')).toEqual([{ outcome: 'needs-staff', reason: 'camera-denied' }]));
  });
});

/** Draws a stroke on the signature canvas (jsdom: no layout, so client coordinates are the box's). */
function sign(canvas: HTMLElement, points: [number, number][]) {
  const [first, ...rest] = points;
  fireEvent.pointerDown(canvas, { pointerId: 1, clientX: first?.[0], clientY: first?.[1] });
  for (const [x, y] of rest) fireEvent.pointerMove(canvas, { pointerId: 1, clientX: x, clientY: y });
  fireEvent.pointerUp(canvas, { pointerId: 1 });
}

describe('open an account: terms and signature', () => {
  it('shows the terms of the host’s version, reads them aloud, and continues only with every box ticked and a signature with ink', async () => {
    const spoken: string[] = [];
    vi.stubGlobal('SpeechSynthesisUtterance', class {
      lang = '';
      voice: unknown = null;
      constructor(readonly text: string) {}
    });
    vi.stubGlobal('speechSynthesis', { cancel: () => undefined, speak: (u: { text: string }) => spoken.push(u.text), getVoices: () => [{ lang: 'en-US', name: 'en' }, { lang: 'zh-CN', name: 'zh' }], addEventListener: () => undefined, removeEventListener: () => undefined });
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue(`data:image/png;base64,${PNG}`);
    const { user, send, host } = await openJourney('en');
    send({ phase: 'consent', version: CURRENT_TERMS_VERSION });
    expect(screen.getByText('Step 3 of 6')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Personal account terms (December 2026)');
    expect(screen.getByTestId('opening-terms-text').textContent).toContain('compares a photo taken now with the photo on the document');
    expect(screen.getByText(`Version ${CURRENT_TERMS_VERSION}`)).toBeTruthy();
    await user.click(screen.getByTestId('opening-terms-read'));
    expect(spoken[0]).toMatch(/^Personal account terms \(December 2026\)\n1\. These terms apply/);

    const next = screen.getByTestId('opening-consent-continue') as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    // Real check boxes, named by their labels.
    await user.click(screen.getByRole('checkbox', { name: 'I have read and accept the account terms above.' }));
    await user.click(screen.getByTestId('opening-consent-privacy'));
    await user.click(screen.getByTestId('opening-consent-identity-check'));
    expect(next.disabled).toBe(true);
    const canvas = screen.getByTestId('signature-canvas');
    sign(canvas, [[10, 10]]);
    expect(screen.getByTestId('signature-problem').textContent).toBe('Please sign inside the box.');
    expect(next.disabled).toBe(true);
    sign(canvas, [[10, 100], [60, 40], [110, 100], [160, 40], [210, 100]]);
    expect(screen.queryByTestId('signature-problem')).toBeNull();
    expect(next.disabled).toBe(false);
    // Unticking one box takes Continue away again.
    await user.click(screen.getByTestId('opening-consent-privacy'));
    expect(next.disabled).toBe(true);
    await user.click(screen.getByTestId('opening-consent-privacy'));
    await user.click(next);
    expect(host.callsTo('accountOpening.consent')).toEqual([{ version: CURRENT_TERMS_VERSION, accepted: ['terms', 'privacy', 'identity-check'], signature: { mime: 'image/png', base64: PNG } }]);
  });

  it('refuses to show terms of a version this page does not have', async () => {
    const { send } = await openJourney('zh');
    send({ phase: 'consent', version: 'acct-terms-2099.01' });
    expect(screen.getByTestId('opening-terms-unknown').textContent).toBe('本机暂时无法显示条款。请到柜台办理。');
    expect((screen.getByTestId('opening-consent-continue') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('open an account: the questions', () => {
  it('says which answers are missing, types an occupation not listed and a foreign taxpayer number on the on-screen keyboard, and sends the answers with the language', async () => {
    const { user, send, host } = await openJourney('en');
    send({ phase: 'kyc' });
    expect(screen.getByText('Step 4 of 6')).toBeTruthy();
    await user.click(screen.getByTestId('opening-kyc-submit'));
    expect(screen.getByTestId('opening-kyc-occupation-error').textContent).toBe('Please choose your occupation.');
    expect(screen.getByTestId('opening-kyc-purpose-error').textContent).toBe('Please choose what the account is for.');
    expect(screen.getByTestId('opening-kyc-tax-error').textContent).toBe('Please say where you are resident for tax purposes.');
    expect(host.callsTo('accountOpening.kyc')).toEqual([]);

    await user.click(screen.getByTestId('opening-occupation-other'));
    expect(screen.getByTestId('opening-kyc-occupation-error').textContent).toBe('Please type your occupation (up to 40 characters).');
    const keyboard = screen.getByTestId('assist-keyboard');
    for (const key of 'artist') await user.click(within(keyboard).getByTestId(`osk-${key}`));
    expect((screen.getByTestId('opening-occupation-other-text') as HTMLInputElement).value).toBe('artist');
    expect(screen.queryByTestId('opening-kyc-occupation-error')).toBeNull();
    await user.click(screen.getByTestId('opening-purpose-salary'));
    expect(screen.getByTestId('opening-purpose-salary').getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('opening-tax-elsewhere'));
    await user.click(screen.getByTestId('opening-kyc-submit'));
    expect(screen.getByTestId('opening-kyc-country-error').textContent).toBe('Please choose the other country or region.');
    expect(screen.getByTestId('opening-kyc-tin-error').textContent).toContain('letters, digits and dashes only');
    await user.click(screen.getByTestId('opening-country-USA'));
    expect(screen.getByTestId('opening-country-USA').textContent).toBe('United States');
    await user.click(screen.getByTestId('opening-tin'));
    const tinKeys = screen.getByTestId('assist-keyboard');
    for (const key of '123456789') await user.click(within(tinKeys).getByTestId(`osk-${key}`));
    await user.click(screen.getByTestId('opening-kyc-submit'));
    expect(host.callsTo('accountOpening.kyc')).toEqual([
      { answers: { occupation: 'other', occupationOther: 'artist', purpose: 'salary', taxResidency: { kind: 'also-elsewhere', countries: [{ country: 'USA', tin: '123456789' }] } }, locale: 'en' },
    ]);
  });

  it('sends China-only tax residency in Chinese', async () => {
    const { user, send, host } = await openJourney('zh');
    send({ phase: 'kyc' });
    expect(heading()).toBe('请回答几个问题');
    await user.click(screen.getByTestId('opening-occupation-student'));
    await user.click(screen.getByTestId('opening-purpose-savings'));
    await user.click(screen.getByTestId('opening-tax-cn-only'));
    await user.click(screen.getByTestId('opening-kyc-submit'));
    expect(host.callsTo('accountOpening.kyc')).toEqual([{ answers: { occupation: 'student', purpose: 'savings', taxResidency: { kind: 'cn-only' } }, locale: 'zh-CN' }]);
  });
});

describe('open an account: the expert', () => {
  it('calls an expert (accounts, the account-opening step) with its own waiting screen and time left, then asks for account.open about this application once the call is up', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: Date.parse('2026-12-05T10:00:00Z') });
    const { send, host, peers, setAssist } = await openJourney('en');
    send({ phase: 'submitting' });
    expect(screen.getByTestId('opening-progress').textContent).toContain('Sending your application to the bank');
    const deadline = Date.now() + 125_000;
    send({ phase: 'approval', applicationId: APPLICATION, summary: 'Open a personal account for 张*明', deadline });
    expect(screen.getByText('Step 5 of 6')).toBeTruthy();
    await waitFor(() => expect(host.callsTo('assist.requestHelp')).toEqual([{ topic: 'accounts', flags: { vip: false, elderly: false }, journeyStep: 'account-opening/approval', locale: 'en' }]));
    await waitFor(() => expect(screen.getByTestId('opening-approval-calling')).toBeTruthy());
    // The application's own screen shows the wait, not the help overlay.
    expect(screen.queryByTestId('assist-waiting')).toBeNull();
    expect(screen.getByTestId('opening-approval-time-left').textContent).toBe('Time left to reach an expert: 2:05');
    await act(async () => vi.advanceTimersByTimeAsync(5_000));
    expect(screen.getByTestId('opening-approval-time-left').textContent).toBe('Time left to reach an expert: 2:00');
    setAssist({ phase: 'waiting', requestId: CALL.requestId, position: 2, expectedWaitSec: 90 });
    expect(screen.getByTestId('opening-approval-position').textContent).toBe('You are number 2 in the queue');
    expect(screen.queryByTestId('assist-waiting')).toBeNull();
    // A newer state about the same application asks nothing again.
    send({ phase: 'approval', applicationId: APPLICATION, summary: 'Open a personal account for 张*明', deadline });
    expect(host.callsTo('assist.requestHelp')).toHaveLength(1);

    setAssist({ phase: 'connecting', ...CALL });
    await act(async () => vi.advanceTimersByTimeAsync(0));
    const peer = peers.last();
    expect(peer.messages().filter((m) => m.type === 'authorization.request')).toEqual([]);
    act(() => peer.connect());
    expect(peer.messages().filter((m) => m.type === 'authorization.request')).toEqual([
      { v: 1, type: 'authorization.request', authRequestId: APPLICATION, action: 'account.open', summary: 'Open a personal account for 张*明' },
    ]);
    expect(screen.getByTestId('opening-approval-in-call').textContent).toContain('You are talking to 李伟');
    send({ phase: 'approval', applicationId: APPLICATION, summary: 'Open a personal account for 张*明', deadline });
    expect(peer.messages().filter((m) => m.type === 'authorization.request')).toHaveLength(1);
    // In a call the customer is not idle, and the call goes on when the bank opens the account.
    send({ phase: 'opening' });
    expect(screen.getByTestId('opening-progress').textContent).toContain('The bank is opening your account');
    expect(screen.getByTestId('home-button').hasAttribute('disabled')).toBe(true);
    expect(host.callsTo('assist.cancel')).toEqual([]);
  });

  it('withdraws the help request when the application stops while still waiting for an expert', async () => {
    const { send, host } = await openJourney('en');
    send({ phase: 'approval', applicationId: APPLICATION, summary: 'Open an account', deadline: Date.now() + 60_000 });
    await waitFor(() => expect(host.callsTo('assist.requestHelp')).toHaveLength(1));
    await screen.findByTestId('opening-approval-calling');
    send({ phase: 'stopped', reason: 'no-expert' });
    await waitFor(() => expect(host.callsTo('assist.cancel')).toEqual([{}]));
    expect(screen.getByTestId('opening-stop-reason').textContent).toBe('No bank expert was free in time. Please see the counter, or try again later.');
  });
});

describe('open an account: the result', () => {
  it('shows the masked account, the reference and the slip, and the debit card offer only where a card can be issued; Done ends the visit', async () => {
    const { user, send, host } = await openJourney('en');
    send({ phase: 'opened', maskedAccount: '6222********0001', reference: 'AO-20261205-0001', receipt: 'printing', cardOffer: true });
    expect(heading()).toBe('Your account is open');
    expect(screen.getByText('Step 6 of 6')).toBeTruthy();
    expect(screen.getByTestId('opening-account').textContent).toBe('6222 **** **** 0001');
    expect(screen.getByTestId('opening-reference').textContent).toBe('AO-20261205-0001');
    expect(screen.getByTestId('opening-receipt').textContent).toContain('Printing your welcome slip');
    const offer = screen.getByTestId('opening-issue-card') as HTMLButtonElement;
    expect(offer.disabled).toBe(false);
    expect(screen.getByTestId('opening-card-offer').textContent).toContain('The card is issued here, for free');
    send({ phase: 'opened', maskedAccount: '6222********0001', reference: 'AO-20261205-0001', receipt: 'not-printed', cardOffer: false });
    expect(screen.getByTestId('opening-receipt').textContent).toBe('The welcome slip could not be printed. Please note the reference; the counter can print a copy.');
    expect(screen.queryByTestId('opening-card-offer')).toBeNull();
    await user.click(screen.getByTestId('opening-done'));
    expect(host.callsTo('accountOpening.finish')).toEqual([{}]);
    expect(await screen.findByTestId('attract')).toBeTruthy();
  });

  it('"Issue a debit card now" ends the opening and starts the card journey at the dispenser, in the language on screen', async () => {
    const { user, send, host } = await openJourney('en');
    send({ phase: 'opened', maskedAccount: '6222********0001', reference: 'AO-20261205-0001', receipt: 'printed', cardOffer: true });
    await user.click(screen.getByTestId('opening-issue-card'));
    await waitFor(() => expect(host.callsTo('cardReplacement.issueFirst')).toEqual([{ locale: 'en' }]));
    expect(host.callsTo('accountOpening.finish')).toEqual([{}]);
    // The card journey's screen (a chunk of its own, loaded on the way), not Home: its first state before the host's.
    await waitFor(() => expect(screen.queryByTestId('opening-issue-card')).toBeNull());
    expect(screen.queryByTestId('attract')).toBeNull();
  });

  const reasons: AccountOpeningStop[] = ['customer', 'timeout', 'document-expired', 'under-age', 'face-check', 'declined', 'no-expert', 'device', 'hub-unreachable', 'bank-refused'];
  const ticketFor = new Set(['declined', 'no-expert', 'face-check', 'under-age', 'document-expired']);

  it('says why for every stop and offers a way on: a counter ticket where staff can help, Start again where a retry can work, always the menu', async () => {
    const { send } = await openJourney('en');
    const said = new Set<string>();
    for (const reason of reasons) {
      send({ phase: 'stopped', reason });
      const text = screen.getByTestId('opening-stop-reason').textContent ?? '';
      expect(text.length).toBeGreaterThan(20);
      said.add(text);
      if (ticketFor.has(reason)) expect(screen.queryByTestId('opening-ticket')).not.toBeNull();
      if (reason === 'customer' || reason === 'timeout') {
        expect(screen.queryByTestId('opening-ticket')).toBeNull();
        expect(screen.getByTestId('opening-again')).toBeTruthy();
      }
      expect(screen.getByTestId('opening-home')).toBeTruthy();
    }
    expect(said.size).toBe(reasons.length);
    send({ phase: 'stopped', reason: 'bank-refused', declined: 'already-customer' });
    expect(screen.getByTestId('opening-bank-code').textContent).toBe("The bank's answer: already-customer");
  });

  it('takes a queue ticket for the counter through the queue journey after a decline', async () => {
    const { user, send, host } = await openJourney('zh');
    send({ phase: 'stopped', reason: 'declined' });
    expect(screen.getByTestId('opening-stop-reason').textContent).toBe('银行专员未能在此批准申请。请到柜台，工作人员会为您办理。');
    await user.click(screen.getByTestId('opening-ticket'));
    expect(await screen.findByTestId('ticket-number', {}, { timeout: 3000 })).toBeTruthy();
    expect(host.callsTo('accountOpening.finish')).toEqual([{}]);
    // The fake branch has no account service: the first service that is not VIP-only.
    expect(host.callsTo('queue.issueTicket')).toEqual([{ serviceId: 'cash', locale: 'zh-CN' }]);
  });
});
