// The kiosk's WebRTC peer: simple-peer as the non-initiator (the expert offers; the kiosk
// answers). The call code sees only `PeerLike`, so unit tests drive a fake and the Node
// integration test passes @roamhq/wrtc as the WebRTC implementation.
import './browser-shims.js';
import SimplePeer, { type PeerOptions } from 'simple-peer';
import type { IceServer } from '../../../protocol/assist-signaling.js';

export type SignalData = Record<string, unknown>;

export interface PeerLike {
  readonly connected: boolean;
  readonly destroyed: boolean;
  signal(data: SignalData): void;
  send(text: string): void;
  destroy(): void;
  on(event: 'signal', listener: (data: SignalData) => void): unknown;
  on(event: 'connect' | 'close', listener: () => void): unknown;
  on(event: 'data', listener: (data: Uint8Array | string) => void): unknown;
  on(event: 'stream', listener: (stream: MediaStream) => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  on(event: 'iceStateChange', listener: (state: RTCIceConnectionState) => void): unknown;
}

export interface PeerParams {
  iceServers: IceServer[];
  /** Our camera and microphone; null in chat-only mode. */
  stream: MediaStream | null;
}

export type PeerFactory = (params: PeerParams) => PeerLike;

/** `wrtc`: a WebRTC implementation for Node (tests); browsers use their own. */
export function simplePeerFactory(extra: { wrtc?: unknown } = {}): PeerFactory {
  return ({ iceServers, stream }) => {
    const options: PeerOptions & { wrtc?: unknown } = { initiator: false, trickle: true, config: { iceServers }, streams: stream ? [stream] : [], ...extra };
    const peer = new SimplePeer(options);
    return {
      get connected() {
        return peer.connected;
      },
      get destroyed() {
        return peer.destroyed;
      },
      signal: (data) => peer.signal(data),
      send: (text) => peer.send(text),
      destroy: () => peer.destroy(),
      on: ((event: string, listener: (...args: never[]) => void) => peer.on(event as 'connect', listener as () => void)) as PeerLike['on'],
    };
  };
}
