// One call on the page against a fake peer and a fake host, on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdScanOutcome } from '../../../electron/bridge/assist-contract.js';
import { createFakeHost } from '../../testing/fake-host.js';
import { CallController } from './call-controller.js';
import { ICE_RESTART_REQUEST } from './call-policy.js';
import { fakeMedia, fakePeers } from './call-testing.js';
import type { CallView } from './call-view.js';
import type { LocalMedia } from './local-media.js';

const SESSION = '9e8d7c6b-5a49-4382-a716-f5e4d3c2b101';
const ICE = [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }];
const journey = { v: 1, type: 'journey.state', journeyStep: 'home', stepIndex: 0, stepCount: 1, screen: 'home', fields: { locale: 'en' } } as const;

function setup(opts: { media?: ReturnType<typeof fakeMedia>; idScan?: (scanId: string) => IdScanOutcome } = {}) {
  const host = createFakeHost({
    'assist.signal': () => ({ sent: true }),
    'assist.connected': () => ({ seq: 1, state: { phase: 'idle' } }),
    'assist.end': () => ({ seq: 2, state: { phase: 'idle' } }),
    'assist.idScan': ({ scanId }) => opts.idScan?.(scanId) ?? { scanId, status: 'pending' },
    'assist.idScanCancel': () => ({ cancelled: true }),
  });
  const peers = fakePeers();
  const views: CallView[] = [];
  let current = journey as typeof journey | { [k: string]: unknown };
  const media = opts.media ?? fakeMedia('video');
  const call = new CallController(
    { sessionId: SESSION, expertName: 'Li Wei', iceServers: ICE },
    { client: host.client, createPeer: peers.create, getMedia: async () => media, journey: () => current as typeof journey, onView: (v) => views.push(v) },
  );
  const view = () => views.at(-1);
  const setJourney = (next: { [k: string]: unknown }) => (current = next);
  return { host, peers, call, view, media, setJourney };
}

const signalsSent = (host: ReturnType<typeof createFakeHost>) => host.callsTo('assist.signal').map((p) => (p as { data: unknown }).data);

async function connected(t: ReturnType<typeof setup>) {
  await t.call.start();
  t.peers.last().connect();
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('call controller: connecting', () => {
  it('answers with the camera stream and the hub ICE servers, and keeps signals that came first', async () => {
    const t = setup();
    t.call.onHubMessage({ type: 'signal', sessionId: SESSION, data: { type: 'offer', sdp: 'o' } });
    await t.call.start();
    const peer = t.peers.last();
    expect(peer.params).toEqual({ iceServers: ICE, stream: t.media.stream });
    expect(peer.received).toEqual([{ type: 'offer', sdp: 'o' }]);
    peer.emit('signal', { type: 'answer', sdp: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.host.callsTo('assist.signal')).toEqual([{ sessionId: SESSION, data: { type: 'answer', sdp: 'a' } }]);
    expect(t.view()).toMatchObject({ media: 'video', link: 'connecting' });
  });

  it('ignores hub messages of another session', async () => {
    const t = setup();
    await t.call.start();
    t.call.onHubMessage({ type: 'signal', sessionId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b1ff', data: { sdp: 'x' } });
    expect(t.peers.last().received).toEqual([]);
  });

  it('on connect tells the host and sends the masked journey state, again only when it changes', async () => {
    const t = setup();
    await connected(t);
    expect(t.host.callsTo('assist.connected')).toEqual([{ sessionId: SESSION }]);
    const journeys = () => t.peers.last().messages().filter((m) => m.type === 'journey.state');
    expect(journeys()).toEqual([journey]);
    t.call.journeyChanged();
    expect(journeys()).toHaveLength(1);
    t.setJourney({ ...journey, screen: 'queue.choose', journeyStep: 'queue-ticket/choose-service' });
    t.call.journeyChanged();
    expect(t.peers.last().messages().at(-1)).toMatchObject({ type: 'journey.state', screen: 'queue.choose' });
  });

  it('does not send a journey state that fails the schema (unmasked number)', async () => {
    const t = setup();
    await connected(t);
    t.setJourney({ ...journey, fields: { card: '6222020212345678' } });
    t.call.journeyChanged();
    expect(t.peers.last().messages().filter((m) => m.type === 'journey.state')).toHaveLength(1);
  });

  it('ends the call as media-failed when nothing connects in time', async () => {
    const t = setup();
    await t.call.start();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(t.host.callsTo('assist.end')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.host.callsTo('assist.end')).toEqual([{ sessionId: SESSION, reason: 'media-failed' }]);
  });

  it('goes chat-only without camera and microphone', async () => {
    const t = setup({ media: fakeMedia('none') });
    await t.call.start();
    expect(t.peers.last().params.stream).toBeNull();
    expect(t.view()).toMatchObject({ media: 'none', localStream: null });
  });
});

describe('call controller: recovery', () => {
  it('asks the expert for an ICE restart 2.5 s after disconnected', async () => {
    const t = setup();
    await connected(t);
    t.peers.last().emit('iceStateChange', 'disconnected');
    await vi.advanceTimersByTimeAsync(2_499);
    expect(signalsSent(t.host)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(signalsSent(t.host)).toEqual([ICE_RESTART_REQUEST]);
    expect(t.view()?.link).toBe('restarting');
    t.peers.last().emit('iceStateChange', 'connected');
    expect(t.view()?.link).toBe('connected');
  });

  it('gives up as media-failed when ICE does not come back', async () => {
    const t = setup();
    await connected(t);
    t.peers.last().emit('iceStateChange', 'disconnected');
    await vi.advanceTimersByTimeAsync(2_500 + 3 * 8_000);
    expect(signalsSent(t.host)).toHaveLength(3);
    expect(t.host.callsTo('assist.end')).toEqual([{ sessionId: SESSION, reason: 'media-failed' }]);
  });

  it('replaces a dead peer with a fresh answerer that takes the offer the old one refused', async () => {
    const t = setup();
    await connected(t);
    const old = t.peers.last();
    t.call.onHubMessage({ type: 'signal', sessionId: SESSION, data: { type: 'offer', sdp: 'new identity' } });
    old.fail('ERR_SET_REMOTE_DESCRIPTION');
    expect(t.peers.made).toHaveLength(2);
    expect(t.peers.last().received).toEqual([{ type: 'offer', sdp: 'new identity' }]);
    expect(t.view()?.link).toBe('rejoining');
    t.peers.last().connect();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.host.callsTo('assist.end')).toEqual([]);
  });

  it('ends the call when no new peer connects in time', async () => {
    const t = setup();
    await connected(t);
    t.peers.last().fail('ERR_ICE_CONNECTION_FAILURE');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.host.callsTo('assist.end')).toEqual([{ sessionId: SESSION, reason: 'media-failed' }]);
  });
});

describe('call controller: during and after the call', () => {
  it('mutes by disabling the microphone track', async () => {
    const t = setup();
    await connected(t);
    t.call.toggleMute();
    expect(t.media.stream?.getAudioTracks().map((track) => track.enabled)).toEqual([false]);
    expect(t.view()?.muted).toBe(true);
    t.call.toggleMute();
    expect(t.media.stream?.getAudioTracks().map((track) => track.enabled)).toEqual([true]);
  });

  it('shows the hub-signed authorization decision and whether the expert is away', async () => {
    const t = setup();
    await connected(t);
    t.call.onHubMessage({ type: 'peer.state', sessionId: SESSION, state: 'reconnecting' });
    expect(t.view()?.expertAway).toBe(true);
    t.call.onHubMessage({
      type: 'authorization.decision',
      sessionId: SESSION,
      authRequestId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b102',
      decisionId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b103',
      action: 'fee.waive',
      decision: 'decline',
      decidedAt: '2026-11-23T09:00:00Z',
      signature: 's',
    });
    expect(t.view()?.authorization).toEqual({ decisionId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b103', action: 'fee.waive', decision: 'decline' });
  });

  it('stops the tracks (camera off) and destroys the peer on end; later signals are dropped', async () => {
    const t = setup();
    await connected(t);
    const peer = t.peers.last();
    t.call.end();
    expect(peer.destroyed).toBe(true);
    expect(t.media.stream?.tracks.every((track) => track.stopped)).toBe(true);
    expect(t.view()).toMatchObject({ localStream: null, remoteStream: null });
    t.call.onHubMessage({ type: 'signal', sessionId: SESSION, data: { type: 'offer', sdp: 'late' } });
    expect(t.peers.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.host.callsTo('assist.end')).toEqual([]);
  });

  it('releases a camera that answers after the call already ended', async () => {
    const media = fakeMedia('video');
    let resolve: (m: LocalMedia) => void = () => undefined;
    const host = createFakeHost();
    const peers = fakePeers();
    const call = new CallController(
      { sessionId: SESSION, expertName: 'Li Wei', iceServers: [] },
      { client: host.client, createPeer: peers.create, getMedia: () => new Promise((r) => (resolve = r)), journey: () => null, onView: () => undefined },
    );
    const started = call.start();
    call.end();
    resolve(media);
    await started;
    expect(media.stream?.tracks.every((track) => track.stopped)).toBe(true);
    expect(peers.made).toHaveLength(0);
  });
});
