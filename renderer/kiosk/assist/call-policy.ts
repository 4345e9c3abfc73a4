// The knobs and collaborators of one call (call-controller.ts): deadlines, the ICE policy,
// and what the controller is given — the bridge, a peer factory, a media source.
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { IceServer } from '../../../protocol/assist-signaling.js';
import type { CallView } from './call-view.js';
import { DEFAULT_ICE_POLICY, type IcePolicy } from './ice-watchdog.js';
import type { JourneyStateMessage } from './journey-state.js';
import type { MediaSource } from './local-media.js';
import type { PeerFactory, SignalData } from './peer.js';

export interface CallPolicy extends IcePolicy {
  connectTimeoutMs: number;
  rejoinTimeoutMs: number;
  scanTimeoutMs: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { ...DEFAULT_ICE_POLICY, connectTimeoutMs: 30_000, rejoinTimeoutMs: 20_000, scanTimeoutMs: 75_000 };

export interface CallInfo {
  sessionId: string;
  expertName: string;
  iceServers: IceServer[];
}

export interface CallDeps {
  client: BridgeClient;
  createPeer: PeerFactory;
  getMedia: MediaSource;
  journey(): JourneyStateMessage | null;
  onView(view: CallView): void;
  policy?: Partial<CallPolicy>;
}

/**
 * The kiosk's ICE restart. Only an offer can restart ICE (libwebrtc ignores restartIce() on the
 * answering side), and the expert owns offers, so the kiosk asks: simple-peer's own
 * renegotiate request (an unaware initiator at least re-offers), marked `iceRestart` so the
 * console re-offers with fresh ICE credentials (pc.restartIce() before negotiating).
 */
export const ICE_RESTART_REQUEST: SignalData = { type: 'renegotiate', renegotiate: true, iceRestart: true };
