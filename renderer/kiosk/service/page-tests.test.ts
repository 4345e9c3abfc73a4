import { describe, expect, it } from 'vitest';
import { mediaTest, turnTest, type PeerFactory } from './page-tests.js';

function stream(kind: 'video' | 'audio', readyState: 'live' | 'ended' = 'live') {
  const stopped: string[] = [];
  const track = { kind, readyState, enabled: true, stop: () => stopped.push(kind) };
  const s = { getVideoTracks: () => (kind === 'video' ? [track] : []), getAudioTracks: () => (kind === 'audio' ? [track] : []), getTracks: () => [track] } as unknown as MediaStream;
  return { s, stopped };
}

describe('camera and microphone tests', () => {
  it('pass with a live track and stop it', async () => {
    const { s, stopped } = stream('video');
    expect(await mediaTest('camera', { getUserMedia: async (c) => (expect(c).toEqual({ video: true, audio: false }), s) })).toEqual({ passed: true, reason: null });
    expect(stopped).toEqual(['video']);
  });

  it('fail with the browser’s error name (no permission, no device) or an ended track', async () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    expect(await mediaTest('microphone', { getUserMedia: () => Promise.reject(denied) })).toEqual({ passed: false, reason: 'NotAllowedError' });
    expect(await mediaTest('microphone', { getUserMedia: async () => stream('audio', 'ended').s })).toEqual({ passed: false, reason: 'no-live-track' });
  });
});

class FakePeer {
  onicecandidate: ((e: { candidate: { type: string | null; candidate: string } | null }) => void) | null = null;
  onicecandidateerror: (() => void) | null = null;
  closed = false;
  constructor(
    readonly config: RTCConfiguration,
    private readonly candidates: ({ type: string | null; candidate: string } | null)[],
  ) {}
  createDataChannel() {
    return {};
  }
  async createOffer() {
    return { type: 'offer', sdp: '' };
  }
  async setLocalDescription() {
    for (const c of this.candidates) this.onicecandidate?.({ candidate: c });
  }
  close() {
    this.closed = true;
  }
}

describe('TURN relay test', () => {
  it('asks for relay-only gathering and passes on a relay candidate', async () => {
    let peer: FakePeer | null = null;
    const make: PeerFactory = (config) => (peer = new FakePeer(config, [{ type: 'relay', candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ relay raddr 0.0.0.0 rport 0' }])) as unknown as RTCPeerConnection;
    expect(await turnTest([{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }], make)).toEqual({ passed: true, reason: null });
    expect(peer!.config.iceTransportPolicy).toBe('relay');
    expect(peer!.closed).toBe(true);
  });

  it('fails when gathering ends without a relay candidate', async () => {
    const make: PeerFactory = (config) => new FakePeer(config, [null]) as unknown as RTCPeerConnection;
    expect(await turnTest([], make)).toEqual({ passed: false, reason: 'no-relay-candidate' });
  });
});
