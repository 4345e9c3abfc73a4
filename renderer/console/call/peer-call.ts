// The expert's side of the media call: simple-peer as initiator (protocol.ts: the expert
// offers), the data channel for call messages, and ICE restarts after a network flap
// (policy in ice-restart.ts). Media state is derived in one place, `refresh()`.
import SimplePeer, { type PeerInstance, type PeerSignal } from 'simple-peer';
import { CALL_CHANNEL_LABEL, parseCallMessage, type CallMessage } from '../../../protocol/call-messages.js';
import type { MediaState } from '../state/call-state.js';
import { IceRestartPolicy, StallDetector } from './ice-restart.js';
import { statsEntries } from './quality.js';

export interface PeerCallEvents {
  signal(data: PeerSignal): void;
  media(state: MediaState, iceRestarts: number): void;
  remoteStream(stream: MediaStream): void;
  message(message: CallMessage): void;
  /** The data channel opened (again): say what the other side should know of us. */
  channelOpen?(): void;
  /** The peer is gone for good (closed by the kiosk, or an error). */
  closed(error?: Error): void;
}

export interface PeerCallOptions {
  iceServers: RTCIceServer[];
  /** 'relay' sends media only through TURN (hides the expert's address; used by tests). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  localStream: MediaStream;
  events: PeerCallEvents;
  PeerImpl?: typeof SimplePeer;
  restartDelayMs?: number;
}

const decoder = new TextDecoder();
/** How often inbound packets are counted: a stall is seen within stall time + this. */
const WATCH_MS = 250;

export class PeerCall {
  private readonly peer: PeerInstance;
  private readonly policy: IceRestartPolicy;
  private readonly stall = new StallDetector(1000);
  private readonly watch: ReturnType<typeof setInterval>;
  private wasConnected = false;
  private restarting = false;
  private gaveUp = false;
  private ended = false;
  private media: MediaState = 'connecting';

  constructor(private readonly options: PeerCallOptions) {
    const Peer = options.PeerImpl ?? SimplePeer;
    this.peer = new Peer({
      initiator: true,
      channelName: CALL_CHANNEL_LABEL,
      config: { iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all' },
      streams: [options.localStream],
      trickle: true,
    });
    this.policy = new IceRestartPolicy({
      restart: () => this.restartIce(),
      giveUp: () => {
        this.gaveUp = true;
        this.refresh();
      },
      ...(options.restartDelayMs === undefined ? {} : { delayMs: options.restartDelayMs }),
    });
    const { events } = options;
    this.peer.on('signal', (data) => events.signal(data));
    this.peer.on('connect', () => events.channelOpen?.());
    this.peer.on('stream', (stream) => events.remoteStream(stream));
    this.peer.on('data', (chunk) => {
      const message = parseCallMessage(typeof chunk === 'string' ? chunk : decoder.decode(chunk), 'expert');
      if (message) events.message(message);
    });
    this.peer.on('iceStateChange', (state) => {
      if (state === 'connected' || state === 'completed') this.wasConnected = true;
      this.policy.onIceState(state);
      this.refresh();
    });
    // Stable again after a restart's offer/answer: the restart is done.
    this.peer.on('negotiated', () => {
      this.restarting = false;
      this.refresh();
    });
    this.peer.on('error', (error) => this.finish(error));
    this.peer.on('close', () => this.finish());
    this.watch = setInterval(() => void this.countPackets(), WATCH_MS);
  }

  /** The browser's connection, for getStats() (quality) — read-only use. */
  get connection(): RTCPeerConnection {
    return this.peer._pc;
  }

  signal(data: Record<string, unknown>): void {
    if (this.ended) return;
    // The kiosk asks for a re-offer when its own ICE watchdog fires: make it a restart.
    if (data.renegotiate === true && this.policy.disconnected) {
      this.restarting = true;
      this.peer._pc.restartIce();
      this.refresh();
    }
    this.peer.signal(data);
  }

  /** False when the channel is not open yet (or any more). */
  send(message: CallMessage): boolean {
    if (this.ended || !this.peer.connected) return false;
    this.peer.send(JSON.stringify(message));
    return true;
  }

  /** The kiosk's signaling is back after a reconnect: if media is still down, re-offer now. */
  kioskBack(): void {
    this.policy.nudge();
  }

  destroy(): void {
    this.ended = true;
    clearInterval(this.watch);
    this.policy.stop();
    this.peer.removeAllListeners();
    this.peer.destroy();
  }

  private async countPackets(): Promise<void> {
    if (this.ended) return;
    let packets = 0;
    try {
      for (const entry of await statsEntries(this.peer._pc)) if (entry.type === 'inbound-rtp') packets += Number(entry.packetsReceived ?? 0);
    } catch {
      return;
    }
    const verdict = this.stall.feed(packets, performance.now());
    if (verdict === null) return;
    this.policy.onMediaStalled(verdict === 'stalled');
    this.refresh();
  }

  private restartIce(): void {
    if (this.ended) return;
    this.restarting = true;
    this.refresh();
    const pc = this.peer._pc;
    pc.restartIce();
    if (pc.signalingState === 'have-local-offer') {
      // The previous offer was never answered (the kiosk was away). simple-peer queues the
      // new negotiation until the connection is stable again, so roll the old offer back.
      this.peer.negotiate();
      void pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
    } else {
      this.peer.negotiate();
    }
  }

  private refresh(): void {
    const next: MediaState = this.ended || this.gaveUp
      ? 'failed'
      : this.restarting
        ? 'restarting'
        : this.policy.disconnected
          ? 'disconnected'
          : this.wasConnected
            ? 'connected'
            : 'connecting';
    if (next === this.media && next !== 'restarting') return;
    this.media = next;
    this.options.events.media(next, this.policy.restarts);
  }

  private finish(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.watch);
    this.policy.stop();
    this.refresh();
    this.options.events.closed(error);
  }
}
