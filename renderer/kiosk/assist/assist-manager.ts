// The page's side of video assistance, outside React: follows the host's call state (events
// and answers, newest sequence number wins), starts a CallController when the host enters a
// call and ends it when the host leaves one, routes hub messages to it, and offers the
// customer's actions. React reads `snapshot()` through useSyncExternalStore.
import type { BridgeClient } from '../../../electron/bridge/client.js';
import { callOf } from '../../../electron/bridge/assist-call.js';
import type { AssistStatus } from '../../../electron/bridge/assist-contract.js';
import type { Locale, RequestInput } from '../../../electron/bridge/contract.js';
import type { FeedbackAnswer } from '../../../protocol/customer-feedback.js';
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import { CallController } from './call-controller.js';
import type { CallDeps } from './call-policy.js';
import type { CallView } from './call-view.js';
import type { SignalData } from './peer.js';

export interface AssistSnapshot {
  status: AssistStatus;
  call: CallView | null;
  /** Just rated: the page thanks the customer for a moment. */
  thanked: boolean;
  /** A call-back was booked: the page confirms it until the customer closes the note. */
  callback: CallbackBooked | null;
}

export interface CallbackBooked {
  reference: string;
  maskedPhone: string;
}

export type ControllerDeps = Omit<CallDeps, 'client' | 'onView'>;

const THANKS_MS = 3_000;

export class AssistManager {
  private current: AssistSnapshot = { status: { seq: -1, state: { phase: 'idle' } }, call: null, thanked: false, callback: null };
  private controller: CallController | null = null;
  /** Signals that arrived before the page knew about their call (e.g. right after a reload). */
  private early: { sessionId: string; data: SignalData }[] = [];
  private readonly listeners = new Set<() => void>();
  private thanksTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: BridgeClient,
    private readonly deps: ControllerDeps,
  ) {}

  /** Subscribes to the host; returns the cleanup (which also ends any call on the page). */
  start(): () => void {
    const offs = [
      this.client.on('assist.state', (status) => this.apply(status)),
      this.client.on('assist.event', (message) => this.onHubMessage(message)),
      this.client.on('assist.idScan', (outcome) => this.controller?.onIdScanOutcome(outcome)),
    ];
    // A page is a new customer's session: whatever an earlier page left (a request, a call)
    // ends in the host first, so the status read after it can never restore it here.
    this.client.request('session.opened', {}).catch(() => undefined);
    this.follow(this.client.request('assist.status', {}));
    return () => {
      for (const off of offs) off();
      this.controller?.end();
      this.controller = null;
      clearTimeout(this.thanksTimer);
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): AssistSnapshot => this.current;

  get activeCall(): CallController | null {
    return this.controller;
  }

  requestHelp(input: RequestInput<'assist.requestHelp'>): void {
    this.follow(this.client.request('assist.requestHelp', input));
  }

  cancel(): void {
    this.follow(this.client.request('assist.cancel', {}));
  }

  /** Books a call-back; rejects with the host's {code, message} so the form can say why. */
  async requestCallback(input: RequestInput<'assist.requestCallback'>): Promise<void> {
    const booked = await this.client.request('assist.requestCallback', input);
    this.setSnapshot({ ...this.current, callback: booked });
  }

  dismissCallback(): void {
    if (this.current.callback) this.setSnapshot({ ...this.current, callback: null });
  }

  end(): void {
    const call = callOf(this.current.status.state);
    if (call) this.follow(this.client.request('assist.end', { sessionId: call.sessionId, reason: 'customer-ended' }));
  }

  /** The customer's answer about a call; the host records it once per call, even after the visit ended. */
  rate(sessionId: string, answer: FeedbackAnswer, locale: Locale): void {
    this.follow(this.client.request('assist.rate', { sessionId, ...answer, locale }));
  }

  /** The customer finished the survey on screen: thank them for a moment. */
  thank(): void {
    this.setSnapshot({ ...this.current, thanked: true });
    clearTimeout(this.thanksTimer);
    this.thanksTimer = setTimeout(() => this.setSnapshot({ ...this.current, thanked: false }), THANKS_MS);
  }

  /** Every assist request answers with the host's status; it joins the events by sequence number. */
  private follow(answer: Promise<AssistStatus>): void {
    answer.then(
      (status) => this.apply(status),
      () => undefined,
    );
  }

  private apply(status: AssistStatus): void {
    if (status.seq <= this.current.status.seq) return;
    this.current = { ...this.current, status };
    this.syncController();
    this.emit();
  }

  private syncController(): void {
    const call = callOf(this.current.status.state);
    if (this.controller && this.controller.sessionId !== call?.sessionId) {
      this.controller.end();
      this.controller = null;
      this.current = { ...this.current, call: null };
    }
    if (!call || this.controller) return;
    const controller = new CallController(
      { sessionId: call.sessionId, expertName: call.expert.displayName, iceServers: call.iceServers },
      { ...this.deps, client: this.client, onView: (view) => controller === this.controller && this.setSnapshot({ ...this.current, call: view }) },
    );
    this.controller = controller;
    this.current = { ...this.current, call: controller.ctx.view() };
    const early = this.early.filter((e) => e.sessionId === call.sessionId);
    this.early = [];
    for (const { data } of early) controller.onHubMessage({ type: 'signal', sessionId: call.sessionId, data });
    void controller.start();
  }

  private onHubMessage(message: KioskInbound): void {
    if (this.controller) return this.controller.onHubMessage(message);
    if (message.type === 'signal' && this.early.length < 100) this.early.push({ sessionId: message.sessionId, data: message.data });
  }

  private setSnapshot(next: AssistSnapshot): void {
    this.current = next;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
