// One video call on the kiosk page, from call.assigned to the end: camera and microphone
// (with the audio-only / chat-only ladder), the simple-peer answerer, signals to and from the
// host, ICE recovery, and the data channel. Every wait has a deadline: no connection in time,
// no recovery after the ICE restarts, or no new peer after the old one died ends the call as
// `media-failed`, so the kiosk never hangs on a dead call. `end()` stops the tracks (the
// camera light goes off) and destroys the peer.
import type { IdScanOutcome } from '../../../electron/bridge/assist-contract.js';
import type { DeviceHealth } from '../../../electron/bridge/contract.js';
import type { CallMessage } from '../../../protocol/call-messages.js';
import { callMessageRules, loadCallMessageRules } from './call-message-rules.js';
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import * as features from './call-features.js';
import { DEFAULT_CALL_POLICY, ICE_RESTART_REQUEST, type CallDeps, type CallInfo, type CallPolicy } from './call-policy.js';
import { applyCallMessage, initialView, type CallView } from './call-view.js';
import { IceWatchdog } from './ice-watchdog.js';
import type { LocalMedia } from './local-media.js';
import type { PeerLike, SignalData } from './peer.js';

const MAX_EARLY_SIGNALS = 100;
const decoder = new TextDecoder();

export class CallController {
  private view: CallView;
  private peer: PeerLike | null = null;
  private media: LocalMedia | null = null;
  private early: SignalData[] = [];
  private ended = false;
  private lastOffer: SignalData | null = null;
  private lastJourney = '';
  /** The host's devices, null until known: an ID request to a kiosk without a working reader is answered at once. */
  private devices: DeviceHealth[] | null = null;
  private offDevices: (() => void) | null = null;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private readonly policy: CallPolicy;
  private readonly watchdog: IceWatchdog;
  readonly ctx: features.CallContext;

  constructor(
    private readonly call: CallInfo,
    private readonly deps: CallDeps,
  ) {
    this.policy = { ...DEFAULT_CALL_POLICY, ...deps.policy };
    this.view = initialView(call.sessionId, call.expertName);
    this.watchdog = new IceWatchdog(this.policy, { restart: () => this.restartIce(), giveUp: () => this.fail('ICE did not recover') });
    this.ctx = {
      sessionId: call.sessionId,
      client: deps.client,
      view: () => this.view,
      update: (change) => this.update(change(this.view)),
      send: (message) => this.send(message),
    };
  }

  get sessionId(): string {
    return this.call.sessionId;
  }

  async start(): Promise<void> {
    this.arm(this.policy.connectTimeoutMs, 'no connection in time');
    this.watchDevices();
    // The peer opens only with the message rules loaded: no message goes unchecked. They come
    // with the peer code (lazy-peer.ts), so a call seldom waits for them here.
    const rules = callMessageRules() ? null : loadCallMessageRules();
    rules?.catch(() => undefined);
    const media = await this.deps.getMedia();
    try {
      if (rules) await rules;
    } catch (err) {
      media.stop();
      throw err;
    }
    if (this.ended) return media.stop();
    this.media = media;
    this.update({ ...this.view, media: media.mode, localStream: media.stream });
    this.openPeer();
  }

  onHubMessage(message: KioskInbound): void {
    if (this.ended || !('sessionId' in message) || message.sessionId !== this.sessionId) return;
    if (message.type === 'signal') this.onSignal(message.data);
    else if (message.type === 'peer.state') this.update({ ...this.view, expertAway: message.state === 'reconnecting' });
    else if (message.type === 'authorization.decision') features.showDecision(this.ctx, message);
  }

  onIdScanOutcome(outcome: IdScanOutcome): void {
    features.finishIdScan(this.ctx, outcome);
  }

  /** The customer's screen changed: tell the expert (only when something did change). */
  journeyChanged(force = false): void {
    const state = this.deps.journey();
    if (!state) return;
    const text = JSON.stringify(state);
    if ((force || text !== this.lastJourney) && this.send(state)) this.lastJourney = text;
  }

  toggleMute(): void {
    const muted = !this.view.muted;
    this.media?.stream?.getAudioTracks().forEach((track) => (track.enabled = !muted));
    this.update({ ...this.view, muted });
    this.send({ v: 1, type: 'media.state', micMuted: muted });
  }

  send(message: CallMessage): boolean {
    const peer = this.peer;
    const rules = callMessageRules();
    if (this.ended || !peer?.connected || !rules?.callMessageSchema.safeParse(message).success) return false;
    peer.send(JSON.stringify(message));
    return true;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.deadline);
    this.offDevices?.();
    this.offDevices = null;
    this.watchdog.stop();
    const peer = this.peer;
    this.peer = null;
    peer?.destroy();
    this.media?.stop();
    this.media = null;
    this.update({ ...this.view, localStream: null, remoteStream: null, highlight: null });
  }

  private openPeer(): void {
    const peer = this.deps.createPeer({ iceServers: this.call.iceServers, stream: this.media?.stream ?? null });
    this.peer = peer;
    const mine = () => peer === this.peer && !this.ended;
    let lastError: string | undefined;
    peer.on('signal', (data) => {
      if (mine()) this.deps.client.request('assist.signal', { sessionId: this.sessionId, data }).catch(() => undefined);
    });
    peer.on('connect', () => mine() && this.onConnect());
    peer.on('data', (raw) => {
      if (mine()) this.onData(typeof raw === 'string' ? raw : decoder.decode(raw));
    });
    peer.on('stream', (stream) => mine() && this.update({ ...this.view, remoteStream: stream }));
    peer.on('iceStateChange', (state) => {
      if (!mine()) return;
      this.watchdog.onState(state);
      if ((state === 'connected' || state === 'completed') && this.view.link === 'restarting') this.update({ ...this.view, link: 'connected' });
    });
    peer.on('error', (error) => (lastError = error.code ?? error.message));
    peer.on('close', () => mine() && this.onPeerClosed(lastError));
    const early = this.early;
    this.early = [];
    for (const data of early) this.onSignal(data);
  }

  private onSignal(data: SignalData): void {
    if (data.type === 'offer') this.lastOffer = data;
    const peer = this.peer;
    // Before the camera answered (or between two peers) signals wait; they are not lost.
    if (!peer || peer.destroyed) {
      if (this.early.length < MAX_EARLY_SIGNALS) this.early.push(data);
      return;
    }
    try {
      peer.signal(data);
    } catch {
      // A destroyed peer throws; its close handler starts the next one.
    }
  }

  private onConnect(): void {
    clearTimeout(this.deadline);
    this.update({ ...this.view, link: 'connected' });
    this.deps.client.request('assist.connected', { sessionId: this.sessionId }).catch(() => undefined);
    this.journeyChanged(true);
    // A peer that reconnects starts without the other side's picture of us.
    this.send({ v: 1, type: 'media.state', micMuted: this.view.muted });
    this.sendDevices();
  }

  private watchDevices(): void {
    this.deps.client.request('devices.list', {}).then(
      (devices) => {
        this.devices = devices;
        this.sendDevices();
      },
      () => undefined,
    );
    this.offDevices = this.deps.client.on('device.health', (health) => {
      const others = (this.devices ?? []).filter((device) => device.role !== health.role);
      this.devices = [...others, health];
      this.sendDevices();
    });
  }

  private sendDevices(): void {
    if (!this.devices) return;
    this.send({ v: 1, type: 'kiosk.devices', devices: this.devices.slice(0, 16).map(({ kind, state }) => ({ kind, state })) });
  }

  /** No reader configured, or none that works: known only once the host has said. */
  private noIdReader(): boolean {
    return this.devices !== null && !this.devices.some((d) => d.kind === 'id-reader' && (d.state === 'ready' || d.state === 'busy'));
  }

  private onData(text: string): void {
    const message = callMessageRules()?.parseCallMessage(text, 'kiosk') ?? null;
    if (!message) return;
    // Never ask the customer to place a card on a reader that is not there.
    if (message.type === 'id-scan.request' && this.noIdReader()) {
      this.update({ ...this.view, idScan: { scanId: message.scanId, document: message.document, status: 'no-reader' } });
      this.send({ v: 1, type: 'id-scan.result', scanId: message.scanId, status: 'no-reader' });
      return;
    }
    const { view, effect } = applyCallMessage(this.view, message);
    this.update(view);
    if (effect?.kind === 'id-scan') void features.startIdScan(this.ctx, effect.scanId, effect.document, this.policy.scanTimeoutMs);
  }

  private restartIce(): void {
    this.update({ ...this.view, link: 'restarting' });
    this.deps.client.request('assist.signal', { sessionId: this.sessionId, data: ICE_RESTART_REQUEST }).catch(() => undefined);
  }

  /** The peer died (ICE failed, remote description refused): a fresh answerer waits for a new offer. */
  private onPeerClosed(error: string | undefined): void {
    this.peer = null;
    this.watchdog.stop();
    this.update({ ...this.view, link: 'rejoining', remoteStream: null });
    this.arm(this.policy.rejoinTimeoutMs, 'no new connection after the peer closed');
    // An offer the old peer could not take (new DTLS identity) is the new peer's first signal.
    if (error === 'ERR_SET_REMOTE_DESCRIPTION' && this.lastOffer) this.early.unshift(this.lastOffer);
    this.openPeer();
  }

  private arm(delayMs: number, why: string): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => this.fail(why), delayMs);
  }

  private fail(_why: string): void {
    if (this.ended) return;
    // The host ends the call on the hub and moves to `ended`; the page then calls end().
    this.deps.client.request('assist.end', { sessionId: this.sessionId, reason: 'media-failed' }).catch(() => undefined);
  }

  private update(view: CallView): void {
    this.view = view;
    this.deps.onView(view);
  }
}
