// @vitest-environment jsdom
// The expert's application panel with a fake fetch: it appears only for an account.open
// request, asks the hub's staff route for the application named by authRequestId with the
// session's bearer token, and shows it in full (back office): ID fields, both photos, the
// score against its threshold with liveness and engine, the answers, the consent version and
// the signature; a refusal is said and can be retried; both console languages.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_OPENING_PATHS, type StaffApplicationView } from '../../../protocol/account-opening.js';
import type { FaceCheckResult } from '../../../protocol/face-check.js';
import type { Fetch } from '../api/staff-client.js';
import { newCallView, type CallView } from '../state/call-state.js';
import { renderConsoleView } from '../testing/render-console-view.js';
import { ApplicationClient } from './application-client.js';
import { ApplicationPanel } from './ApplicationPanel.js';

afterEach(cleanup);

const APPLICATION = '0190a000-0000-7000-8000-00000000000a';
const TOKEN = 'session-token-0123456789abcdef';
const JPEG = '/9j/4AAQSkZJRgABAQ';
const PNG = 'iVBORw0KGgoAAAANSUhEUg';

const faceResult: FaceCheckResult = {
  score: 0.917,
  threshold: 0.6,
  decision: 'match',
  liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 32, antiSpoofScore: 0.71 },
  timings: { idPhotoMs: 300, framesMs: 1200, answerMs: 110 },
  engine: 'human 3.3.6 (wasm)',
};

const checked: StaffApplicationView = {
  applicationId: APPLICATION,
  kioskId: 'K01',
  branchId: 'BR-SH-01',
  filedAt: '2026-12-05T02:30:00.000Z',
  status: 'filed',
  document: { kind: 'cn-id', name: '张小明', idNumber: '11010119900307123X', sex: 'M', birthDate: '1990-03-07', nationality: 'CHN', validTo: 'long-term', address: '北京市东城区景山前街4号', issuer: '北京市公安局东城分局' },
  age: 36,
  idPhoto: { mime: 'image/jpeg', base64: JPEG },
  face: { outcome: 'checked', result: faceResult, livePhoto: { mime: 'image/jpeg', base64: `${JPEG}LIVE` } },
  consent: { version: 'acct-terms-2026.12', accepted: ['terms', 'privacy', 'identity-check'], signature: { mime: 'image/png', base64: PNG } },
  kyc: { occupation: 'other', occupationOther: '画家', purpose: 'salary', taxResidency: { kind: 'also-elsewhere', countries: [{ country: 'USA', tin: '123456789' }] } },
};

function callWith(actions: string[]): CallView {
  const call = newCallView('2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01', { requestId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02', kioskId: 'K01', language: 'zh-CN', topic: 'accounts', priorityClass: 'standard', journeyStep: 'account-opening/approval', waitedSec: 10 }, [], 0);
  return {
    ...call,
    authorizations: actions.map((action, i) => ({
      request: { v: 1, type: 'authorization.request', authRequestId: action === 'account.open' ? APPLICATION : `0190a000-0000-7000-8000-00000000000${i}`, action, summary: 'Open a personal account' },
      status: 'pending',
    })),
  };
}

/** A hub answering the staff route; records each request's path and authorization header. */
function fakeHub(answers: (() => Response)[]) {
  const seen: { path: string; authorization: string | null }[] = [];
  const fetch: Fetch = async (path, init) => {
    seen.push({ path, authorization: new Headers(init?.headers).get('authorization') });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  };
  return { seen, fetch };
}
const json = (body: unknown, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('ApplicationPanel', () => {
  it('is not there without an account.open request', () => {
    const hub = fakeHub([]);
    renderConsoleView(<ApplicationPanel call={callWith(['fee.waive'])} api={new ApplicationClient(TOKEN, hub.fetch)} />, 'en', {});
    expect(screen.queryByTestId('application-panel')).toBeNull();
    expect(hub.seen).toEqual([]);
  });

  it('fetches the application named by the request with the staff session and shows it in full, score against threshold included (en)', async () => {
    const hub = fakeHub([json(checked)]);
    renderConsoleView(<ApplicationPanel call={callWith(['fee.waive', 'account.open'])} api={new ApplicationClient(TOKEN, hub.fetch)} />, 'en', {});
    await waitFor(() => expect(screen.getByTestId('application').dataset.load).toBe('loaded'));
    expect(hub.seen).toEqual([{ path: `${ACCOUNT_OPENING_PATHS.staffView}/${APPLICATION}`, authorization: `Bearer ${TOKEN}` }]);
    expect(screen.getByRole('region', { name: 'Account application' })).toBeTruthy();
    expect(screen.getByTestId('application-status').textContent).toBe('Waiting for your decision');
    // The back office sees the document as read, unmasked.
    expect(screen.getByTestId('application-name').textContent).toBe('张小明');
    expect(screen.getByTestId('application-id-number').textContent).toBe('11010119900307123X');
    expect(screen.getByTestId('application-age').textContent).toBe('36');
    expect(screen.getByTestId('application-document').textContent).toContain('北京市公安局东城分局');
    expect((screen.getByRole('img', { name: 'Photo on the document' }) as HTMLImageElement).src).toBe(`data:image/jpeg;base64,${JPEG}`);
    expect((screen.getByRole('img', { name: 'Photo taken at the kiosk' }) as HTMLImageElement).src).toBe(`data:image/jpeg;base64,${JPEG}LIVE`);
    expect(screen.getByTestId('application-face-decision').textContent).toBe('Same person');
    expect(screen.getByTestId('application-face-score').textContent).toBe('0.92 (threshold 0.60) — at or above the threshold');
    expect(screen.getByTestId('application-face-liveness').textContent).toBe('Passed (blink)');
    expect(screen.getByTestId('application-face-engine').textContent).toBe('human 3.3.6 (wasm)');
    expect(screen.getByTestId('application-occupation').textContent).toBe('Other: 画家');
    expect(screen.getByTestId('application-purpose').textContent).toBe('Salary');
    expect(screen.getByTestId('application-tax').textContent).toBe('China and USA (123456789)');
    expect(screen.getByTestId('application-consent-version').textContent).toBe('acct-terms-2026.12');
    expect(screen.getByTestId('application-consent').textContent).toContain('account terms, keeping ID, photos and signature, face check and video review');
    expect((screen.getByRole('img', { name: 'Signature' }) as HTMLImageElement).src).toBe(`data:image/png;base64,${PNG}`);
  });

  it('says a face the kiosk could not check is the expert’s to check, and a score below the threshold (zh-CN)', async () => {
    const needsStaff: StaffApplicationView = { ...checked, face: { outcome: 'needs-staff', reason: 'camera-denied' } };
    const hub = fakeHub([json(needsStaff)]);
    renderConsoleView(<ApplicationPanel call={callWith(['account.open'])} api={new ApplicationClient(TOKEN, hub.fetch)} />, 'zh-CN', {});
    expect((await screen.findByTestId('application-face-needs-staff')).textContent).toBe('自助机未能完成人脸核验（摄像头被拒绝）：请通过视频亲自核对。');
    expect(screen.queryByTestId('application-live-photo')).toBeNull();
    expect(screen.getByTestId('application-panel').textContent).toContain('未拍摄现场照片：请通过视频核对本人。');
    cleanup();

    const low: StaffApplicationView = { ...checked, face: { outcome: 'checked', result: { ...faceResult, score: 0.31, decision: 'no-match' }, livePhoto: { mime: 'image/jpeg', base64: JPEG } } };
    renderConsoleView(<ApplicationPanel call={callWith(['account.open'])} api={new ApplicationClient(TOKEN, fakeHub([json(low)]).fetch)} />, 'zh-CN', {});
    expect((await screen.findByTestId('application-face-score')).textContent).toBe('0.31（阈值 0.60） — 低于阈值');
    expect(screen.getByTestId('application-face-score').dataset.above).toBe('false');
    expect(screen.getByTestId('application-face-decision').textContent).toBe('非同一人');
    expect(screen.getByTestId('application-tax').textContent).toBe('中国及 USA (123456789)');
  });

  it('a passport read by its MRZ has no document photo: the expert is told to compare the face on video', async () => {
    const { idPhoto: _none, ...passport } = { ...checked, document: { ...checked.document, kind: 'passport' as const }, face: { outcome: 'needs-staff' as const, reason: 'check-unavailable' as const } };
    renderConsoleView(<ApplicationPanel call={callWith(['account.open'])} api={new ApplicationClient(TOKEN, fakeHub([json(passport)]).fetch)} />, 'en', {});
    expect((await screen.findByTestId('application-no-id-photo')).textContent).toContain('compare the face with the passport on video');
    expect(screen.queryByTestId('application-id-photo')).toBeNull();
  });

  it('says why the hub refused and loads again on request; an answer that is not an application is refused too', async () => {
    const hub = fakeHub([json({ error: 'forbidden' }, 403), json({ applicationId: APPLICATION }), json(checked)]);
    const user = userEvent.setup();
    renderConsoleView(<ApplicationPanel call={callWith(['account.open'])} api={new ApplicationClient(TOKEN, hub.fetch)} />, 'en', {});
    expect((await screen.findByTestId('application-error')).textContent).toBe('Your role may not see account applications.');
    await user.click(screen.getByTestId('application-retry'));
    await waitFor(() => expect(screen.getByTestId('application-error').textContent).toBe('The application could not be shown. Load it again.'));
    await user.click(screen.getByTestId('application-retry'));
    expect((await screen.findByTestId('application-id-number')).textContent).toBe('11010119900307123X');
    expect(hub.seen).toHaveLength(3);
  });
});
