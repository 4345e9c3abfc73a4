// The data-channel handlers: what each message from the expert does on the kiosk, and what
// the kiosk sends back (always within call-messages.ts, always masked).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdScanOutcome } from '../../../electron/bridge/assist-contract.js';
import { callMessageSchema } from '../../../protocol/call-messages.js';
import type { DeviceHealth } from '../../../electron/bridge/contract.js';
import { createFakeHost } from '../../testing/fake-host.js';
import * as features from './call-features.js';
import { CallController } from './call-controller.js';
import { fakeMedia, fakePeers } from './call-testing.js';
import { applyCallMessage, initialView, type CallView } from './call-view.js';

const SESSION = '1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a01';
const FORM = '1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a02';
const SCAN = '1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a03';
const AT = '2026-11-23T09:00:00.000Z';

describe('applyCallMessage', () => {
  const view = initialView(SESSION, 'Li Wei');

  it('adds the expert’s chat and ignores one claiming to be from the kiosk', () => {
    const chat = { v: 1, type: 'chat', id: FORM, from: 'expert', text: '您好', at: AT } as const;
    expect(applyCallMessage(view, chat).view.chat).toEqual([{ id: FORM, from: 'expert', text: '您好', at: AT }]);
    expect(applyCallMessage(view, { ...chat, from: 'kiosk' }).view.chat).toEqual([]);
  });

  it('turns a highlight on, and off only for the same target', () => {
    const on = applyCallMessage(view, { v: 1, type: 'highlight', target: 'tile-queue', on: true }).view;
    expect(on.highlight).toBe('tile-queue');
    expect(applyCallMessage(on, { v: 1, type: 'highlight', target: 'help-button', on: false }).view.highlight).toBe('tile-queue');
    expect(applyCallMessage(on, { v: 1, type: 'highlight', target: 'tile-queue', on: false }).view.highlight).toBeNull();
  });

  it('shows a pushed form and starts an ID scan on request', () => {
    const fields = [{ label: 'Name', value: 'Z* S*' }];
    expect(applyCallMessage(view, { v: 1, type: 'form.push', formId: FORM, title: 'Check', fields }).view.form).toEqual({ formId: FORM, title: 'Check', fields });
    const scan = applyCallMessage(view, { v: 1, type: 'id-scan.request', scanId: SCAN, document: 'passport' });
    expect(scan.view.idScan).toEqual({ scanId: SCAN, document: 'passport', status: 'waiting' });
    expect(scan.effect).toEqual({ kind: 'id-scan', scanId: SCAN, document: 'passport' });
  });

  it('does not act on the data-channel copy of an authorization decision', () => {
    const next = applyCallMessage(view, { v: 1, type: 'authorization.decision', authRequestId: FORM, decisionId: SCAN, decision: 'approve' });
    expect(next.view).toBe(view);
  });
});

const WITH_READER: DeviceHealth[] = [
  { role: 'printer', kind: 'receipt-printer', state: 'ready', since: '2026-11-23T08:00:00Z' },
  { role: 'idcard', kind: 'id-reader', state: 'ready', since: '2026-11-23T08:00:00Z' },
];

function setup(idScan: (scanId: string) => IdScanOutcome = (scanId) => ({ scanId, status: 'pending' }), devices: DeviceHealth[] = WITH_READER) {
  const host = createFakeHost({
    'devices.list': () => devices,
    'assist.signal': () => ({ sent: true }),
    'assist.connected': () => ({ seq: 1, state: { phase: 'idle' } }),
    'assist.idScan': ({ scanId }) => idScan(scanId),
    'assist.idScanCancel': () => ({ cancelled: true }),
  });
  const peers = fakePeers();
  let last: CallView | undefined;
  const call = new CallController(
    { sessionId: SESSION, expertName: 'Li Wei', iceServers: [] },
    { client: host.client, createPeer: peers.create, getMedia: async () => fakeMedia('audio'), journey: () => null, onView: (v) => (last = v) },
  );
  const fromExpert = (message: unknown) => peers.last().emit('data', new TextEncoder().encode(JSON.stringify(message)));
  const sent = () => peers.last().messages();
  return { host, peers, call, fromExpert, sent, view: () => last };
}

async function open(t: ReturnType<typeof setup>) {
  await t.call.start();
  t.peers.last().connect();
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('data channel on the kiosk', () => {
  it('drops frames that are not JSON, fail the schema, or are not the expert’s to send', async () => {
    const t = setup();
    await open(t);
    const before = t.view();
    t.peers.last().emit('data', 'not json');
    t.fromExpert({ v: 1, type: 'chat', id: 'x', from: 'expert', text: 'hi', at: AT });
    t.fromExpert({ v: 1, type: 'rating', rating: 5 });
    t.fromExpert({ v: 1, type: 'journey.state', journeyStep: 'x', stepIndex: 0, stepCount: 1, screen: 'home', fields: {} });
    expect(t.view()).toBe(before);
  });

  it('sends the customer’s chat masked, and nothing while the channel is closed', async () => {
    const t = setup();
    await t.call.start();
    expect(features.sendChat(t.call.ctx, 'hello')).toBe(false);
    t.peers.last().connect();
    expect(features.sendChat(t.call.ctx, '   ')).toBe(false);
    expect(features.sendChat(t.call.ctx, 'my card 6222 0202 1234 5678')).toBe(true);
    const chat = t.sent().find((m) => m.type === 'chat');
    expect(chat).toMatchObject({ from: 'kiosk', text: 'my card ••••••••••••5678' });
    expect(callMessageSchema.safeParse(chat).success).toBe(true);
    expect(t.view()?.chat.map((c) => c.text)).toEqual(['my card ••••••••••••5678']);
  });

  it('answers a pushed form', async () => {
    const t = setup();
    await open(t);
    t.fromExpert({ v: 1, type: 'form.push', formId: FORM, title: 'Please confirm', fields: [{ label: 'Fee', value: '10.00 CNY' }] });
    expect(t.view()?.form?.formId).toBe(FORM);
    features.answerForm(t.call.ctx, true);
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'form.response', formId: FORM, confirmed: true });
    expect(t.view()?.form).toBeNull();
  });

  it('answers an ID scan with the reader’s masked outcome once the host has it', async () => {
    const t = setup();
    await open(t);
    t.fromExpert({ v: 1, type: 'id-scan.request', scanId: SCAN, document: 'id-card' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.host.callsTo('assist.idScan')).toEqual([{ sessionId: SESSION, scanId: SCAN, document: 'id-card' }]);
    expect(t.sent().some((m) => m.type === 'id-scan.result')).toBe(false);
    t.call.onIdScanOutcome({ scanId: SCAN, status: 'ok', masked: { name: 'Z* S*', idNumber: '1101********1234', expiry: '2036-01-01' } });
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'id-scan.result', scanId: SCAN, status: 'ok', masked: { name: 'Z* S*', idNumber: '1101********1234', expiry: '2036-01-01' } });
    expect(t.view()?.idScan?.status).toBe('ok');
  });

  it('says no-reader at once on a kiosk without an ID reader', async () => {
    const t = setup((scanId) => ({ scanId, status: 'no-reader' }));
    await open(t);
    t.fromExpert({ v: 1, type: 'id-scan.request', scanId: SCAN, document: 'passport' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'id-scan.result', scanId: SCAN, status: 'no-reader' });
  });

  // Issue 12 item 6: a kiosk without a working reader told the customer to place the card first.
  it('never asks the customer to place a card when the kiosk has no working ID reader, and tells the expert its devices', async () => {
    const t = setup(undefined, [
      { role: 'printer', kind: 'receipt-printer', state: 'ready', since: '2026-11-23T08:00:00Z' },
      { role: 'idcard', kind: 'id-reader', state: 'offline', reason: 'disconnected', since: '2026-11-23T08:00:00Z' },
    ]);
    await open(t);
    expect(t.sent()).toContainEqual({ v: 1, type: 'kiosk.devices', devices: [{ kind: 'receipt-printer', state: 'ready' }, { kind: 'id-reader', state: 'offline' }] });
    const seen: (string | undefined)[] = [];
    t.fromExpert({ v: 1, type: 'id-scan.request', scanId: SCAN, document: 'id-card' });
    seen.push(t.view()?.idScan?.status);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['no-reader']);
    expect(t.host.callsTo('assist.idScan')).toEqual([]);
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'id-scan.result', scanId: SCAN, status: 'no-reader' });
  });

  // Issue 12 item 5: the expert could not tell the customer had muted.
  it('tells the expert when the customer mutes and unmutes, and hears when the expert does', async () => {
    const t = setup();
    await open(t);
    expect(t.sent()).toContainEqual({ v: 1, type: 'media.state', micMuted: false });
    t.call.toggleMute();
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'media.state', micMuted: true });
    t.call.toggleMute();
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'media.state', micMuted: false });
    t.fromExpert({ v: 1, type: 'media.state', micMuted: true });
    expect(t.view()?.expertMuted).toBe(true);
  });

  it('lets the customer decline, and gives up on a host that never answers', async () => {
    const t = setup();
    await open(t);
    t.fromExpert({ v: 1, type: 'id-scan.request', scanId: SCAN, document: 'id-card' });
    await vi.advanceTimersByTimeAsync(0);
    features.declineIdScan(t.call.ctx);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sent().at(-1)).toMatchObject({ type: 'id-scan.result', status: 'declined' });
    expect(t.host.callsTo('assist.idScanCancel')).toEqual([{ scanId: SCAN }]);

    const other = '1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a09';
    t.fromExpert({ v: 1, type: 'id-scan.request', scanId: other, document: 'id-card' });
    await vi.advanceTimersByTimeAsync(75_000);
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'id-scan.result', scanId: other, status: 'unreadable' });
  });

  it('asks the expert for an authorization with a masked summary', async () => {
    const t = setup();
    await open(t);
    const id = features.requestAuthorization(t.call.ctx, { action: 'fee.waive', summary: 'Waive fee for 6222020212345678', amountMinor: 1000, currency: 'CNY' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'authorization.request', authRequestId: id, action: 'fee.waive', summary: 'Waive fee for ••••••••••••5678', amountMinor: 1000, currency: 'CNY' });
  });

  it('asks for an authorization about a record the journey names (account opening: the application id), and says when the channel is closed', async () => {
    const t = setup();
    const applicationId = '0190a000-0000-7000-8000-00000000000a';
    expect(features.requestAuthorization(t.call.ctx, { action: 'account.open', summary: 'Open an account', authRequestId: applicationId })).toBeNull();
    await open(t);
    expect(features.requestAuthorization(t.call.ctx, { action: 'account.open', summary: 'Open an account', authRequestId: applicationId })).toBe(applicationId);
    expect(t.sent().at(-1)).toEqual({ v: 1, type: 'authorization.request', authRequestId: applicationId, action: 'account.open', summary: 'Open an account' });
  });
});
