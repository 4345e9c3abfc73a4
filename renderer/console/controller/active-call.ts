// One call from the expert's side: camera and microphone, the simple-peer connection, the
// quality reporter, and the in-call actions. Everything it learns goes into the store;
// `end()` releases the camera and sends the last quality samples.
import { CALL_MESSAGE_VERSION, type CallMessage } from '../../../protocol/call-messages.js';
import type { ExpertInbound, ExpertMessage } from '../../../protocol/assist-signaling.js';
import { StaffApiError, type StaffClient } from '../api/staff-client.js';
import { PeerCall } from '../call/peer-call.js';
import { QualityReporter } from '../call/quality-reporter.js';
import { applyKioskMessage, applySent, markAuthorization, newCallView } from '../state/call-state.js';
import type { ConsoleStore } from '../state/console-store.js';

type CallStarted = Extract<ExpertInbound, { type: 'call.started' }>;

export interface ActiveCallDeps {
  store: ConsoleStore;
  client: StaffClient;
  token: string;
  sendHub(message: ExpertMessage): boolean;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  iceTransportPolicy: RTCIceTransportPolicy;
  onSessionExpired(): void;
}

/** Camera and microphone; audio alone if the camera fails; none if both fail (receive only). */
async function localMedia(deps: ActiveCallDeps): Promise<{ stream: MediaStream; error: string | null }> {
  try {
    return { stream: await deps.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }), error: null };
  } catch (error) {
    const reason = error instanceof Error ? error.name : String(error);
    try {
      return { stream: await deps.getUserMedia({ audio: true }), error: reason };
    } catch {
      return { stream: new MediaStream(), error: reason };
    }
  }
}

export class ActiveCall {
  private readonly decisions = new Map<string, 'approve' | 'decline'>();
  private reporter: QualityReporter | null = null;
  private peer: PeerCall | null = null;
  private stream: MediaStream | null = null;
  private ended = false;

  private constructor(
    readonly sessionId: string,
    private readonly deps: ActiveCallDeps,
  ) {}

  /** Shows the call at once; camera, microphone and the peer follow asynchronously. */
  static start(deps: ActiveCallDeps, started: CallStarted): ActiveCall {
    const call = new ActiveCall(started.sessionId, deps);
    deps.store.setPhase('in-call', started.resumed ? 'call resumed without media' : 'call started', {
      call: newCallView(started.sessionId, started.request, started.iceServers, Date.now()),
      streams: { local: null, remote: null },
      quality: null,
      cameraError: null,
      ended: null,
    });
    void call.begin(started.iceServers);
    return call;
  }

  private async begin(iceServers: RTCIceServer[]): Promise<void> {
    const { stream, error } = await localMedia(this.deps);
    // The call may have ended while the camera was starting: release it at once.
    if (this.ended) {
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    this.stream = stream;
    this.deps.store.update({ streams: { local: stream, remote: null }, cameraError: error });
    this.connect(iceServers, stream);
  }

  private connect(iceServers: RTCIceServer[], stream: MediaStream): void {
    const { store, sendHub } = this.deps;
    const id = this.sessionId;
    this.peer = new PeerCall({
      iceServers,
      iceTransportPolicy: this.deps.iceTransportPolicy,
      localStream: stream,
      events: {
        signal: (data) => sendHub({ type: 'signal', sessionId: id, data }),
        media: (media, iceRestarts) => store.updateCall(id, (call) => ({ ...call, media, iceRestarts })),
        remoteStream: (remote) => {
          store.update({ streams: { local: this.stream, remote } });
          store.updateCall(id, (call) => ({ ...call, remoteHasVideo: remote.getVideoTracks().length > 0 }));
        },
        message: (message) => store.updateCall(id, (call) => applyKioskMessage(call, message)),
        channelOpen: () => {
          if (store.getSnapshot().call?.muted) this.peer?.send({ v: CALL_MESSAGE_VERSION, type: 'media.state', micMuted: true });
        },
        closed: () => store.updateCall(id, (call) => ({ ...call, media: 'failed' })),
      },
    });
    // Without a camera or microphone we still want to see and hear the customer.
    const pc = this.peer.connection;
    if (stream.getVideoTracks().length === 0) pc.addTransceiver('video', { direction: 'recvonly' });
    if (stream.getAudioTracks().length === 0) pc.addTransceiver('audio', { direction: 'recvonly' });
    this.reporter = new QualityReporter({
      connection: () => (this.ended ? null : (this.peer?.connection ?? null)),
      post: (samples) => this.deps.client.postQuality(this.deps.token, id, samples),
      onReading: (quality) => store.update({ quality }),
      isFatal: (error) => error instanceof StaffApiError && error.code === 'session-expired',
      // After end() the session may have been revoked on purpose (sign-out): not an expiry.
      onFatal: () => {
        if (!this.ended) this.deps.onSessionExpired();
      },
    });
    this.reporter.start();
  }

  signal(data: Record<string, unknown>): void {
    this.peer?.signal(data);
  }

  kioskBack(): void {
    this.peer?.kioskBack();
  }

  /** Sends a call message over the data channel and mirrors it into our view. */
  send(message: CallMessage): boolean {
    if (!this.peer?.send(message)) {
      this.deps.store.updateCall(this.sessionId, (call) => ({ ...call, refused: 'not-connected' }));
      return false;
    }
    this.deps.store.updateCall(this.sessionId, (call) => ({ ...applySent(call, message), refused: null }));
    return true;
  }

  setMuted(muted: boolean): void {
    this.stream?.getAudioTracks().forEach((track) => (track.enabled = !muted));
    this.deps.store.updateCall(this.sessionId, (call) => ({ ...call, muted }));
    this.peer?.send({ v: CALL_MESSAGE_VERSION, type: 'media.state', micMuted: muted });
  }

  /** The hub records and signs the decision; the kiosk acts on the hub's copy. */
  decide(authRequestId: string, action: string, decision: 'approve' | 'decline'): void {
    if (!this.deps.sendHub({ type: 'authorization.decide', sessionId: this.sessionId, authRequestId, action, decision })) return;
    this.decisions.set(authRequestId, decision);
    this.deps.store.updateCall(this.sessionId, (call) => markAuthorization(call, authRequestId, 'sending'));
  }

  /** The hub stored it: show it, and tell the kiosk over the data channel (display only). */
  decisionRecorded(authRequestId: string, decisionId: string): void {
    const decision = this.decisions.get(authRequestId);
    if (!decision) return;
    this.decisions.delete(authRequestId);
    this.deps.store.updateCall(this.sessionId, (call) => markAuthorization(call, authRequestId, decision, decisionId));
    this.send({ v: CALL_MESSAGE_VERSION, type: 'authorization.decision', authRequestId, decisionId, decision });
  }

  decisionRefused(): void {
    for (const authRequestId of this.decisions.keys()) {
      this.deps.store.updateCall(this.sessionId, (call) => markAuthorization(call, authRequestId, 'pending'));
    }
    this.decisions.clear();
  }

  /** Releases camera and microphone and sends the remaining quality samples. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const reporter = this.reporter;
    this.peer?.destroy();
    this.stream?.getTracks().forEach((track) => track.stop());
    this.deps.store.update({ streams: { local: null, remote: null } });
    await reporter?.stop();
  }
}
