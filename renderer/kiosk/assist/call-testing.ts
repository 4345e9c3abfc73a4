// Test doubles for the page's call code: a peer the test drives like simple-peer would, and
// camera/microphone streams whose tracks record being stopped.
import { loadCallMessageRules } from './call-message-rules.js';
import type { LocalMedia, MediaMode } from './local-media.js';
import type { PeerLike, PeerParams, SignalData } from './peer.js';

// As on the kiosk, where they come with the prefetched peer code: loaded before any call starts.
await loadCallMessageRules();

type Listener = (...args: never[]) => void;

export class FakePeer implements PeerLike {
  connected = false;
  destroyed = false;
  readonly received: SignalData[] = [];
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly params: PeerParams) {}

  signal(data: SignalData): void {
    if (this.destroyed) throw new Error('cannot signal after peer is destroyed');
    this.received.push(data);
  }

  send(text: string): void {
    this.sent.push(text);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.connected = false;
    this.emit('close');
  }

  on(event: string, listener: Listener): unknown {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  /** The data channel opens. */
  connect(): void {
    this.connected = true;
    this.emit('connect');
  }

  /** simple-peer dies with an error, as on ICE failure or a refused remote description. */
  fail(code: string): void {
    this.emit('error', Object.assign(new Error(code), { code }));
    this.destroyed = true;
    this.connected = false;
    this.emit('close');
  }

  /** Every message sent over the data channel, parsed. */
  messages(): { type: string; [key: string]: unknown }[] {
    return this.sent.map((text) => JSON.parse(text) as { type: string });
  }
}

export interface FakeTrack {
  kind: 'audio' | 'video';
  enabled: boolean;
  stopped: boolean;
  stop(): void;
}

export function fakeStream(kinds: ('audio' | 'video')[]): MediaStream & { tracks: FakeTrack[] } {
  const tracks = kinds.map((kind): FakeTrack => ({
    kind,
    enabled: true,
    stopped: false,
    stop() {
      this.stopped = true;
    },
  }));
  const stream = {
    tracks,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  };
  return stream as unknown as MediaStream & { tracks: FakeTrack[] };
}

export function fakeMedia(mode: MediaMode = 'video'): LocalMedia & { stream: ReturnType<typeof fakeStream> | null } {
  const stream = mode === 'none' ? null : fakeStream(mode === 'video' ? ['audio', 'video'] : ['audio']);
  return { stream, mode, stop: () => stream?.getTracks().forEach((t) => t.stop()) };
}

/** A factory that keeps every peer it made, newest last. */
export function fakePeers() {
  const made: FakePeer[] = [];
  return {
    made,
    create: (params: PeerParams) => {
      const peer = new FakePeer(params);
      made.push(peer);
      return peer;
    },
    last(): FakePeer {
      const peer = made.at(-1);
      if (!peer) throw new Error('no peer was created');
      return peer;
    },
  };
}
