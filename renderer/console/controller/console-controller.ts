// What the console does: sign-in, the signaling socket, and the expert's actions. Hub
// messages are handled in hub-messages.ts; the call itself lives in ActiveCall.
import type { CallMessage } from '../../../protocol/call-messages.js';
import type { DispositionOutcome, ExpertMessage } from '../../../protocol/assist-signaling.js';
import { StaffApiError, type LoginErrorCode, type StaffClient } from '../api/staff-client.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import { HubSocket, type SocketStatus } from '../signaling/hub-socket.js';
import type { ConsoleState, ConsoleStore } from '../state/console-store.js';
import type { ActiveCall } from './active-call.js';
import { handleHubMessage } from './hub-messages.js';

export interface ControllerDeps {
  store: ConsoleStore;
  client: StaffClient;
  socketUrl: string;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  iceTransportPolicy: RTCIceTransportPolicy;
  WebSocketImpl?: typeof WebSocket;
}

/** Everything a signed-in console knows, forgotten. A function: each sign-out gets fresh arrays. */
const signedOut = (): Partial<Omit<ConsoleState, 'phase'>> => ({
  session: null,
  socket: 'none',
  expertState: 'offline',
  wantsCalls: false,
  queue: { entries: [], receivedAt: 0 },
  supervisor: null,
  liveBreaches: [],
  call: null,
  ended: null,
  tab: 'queue',
  notice: null,
  quality: null,
  streams: { local: null, remote: null },
});

export class ConsoleController {
  socket: HubSocket | null = null;
  active: ActiveCall | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly deps: ControllerDeps) {}

  get store(): ConsoleStore {
    return this.deps.store;
  }

  async signIn(username: string, password: string, totp: string): Promise<void> {
    const { store, client } = this.deps;
    store.update({ loginError: null });
    try {
      const login = await client.login(username, password, totp);
      store.setPhase('connecting', 'signed in', { session: { token: login.token, expiresAt: login.expiresAt, staff: login.staff }, loginError: null });
      this.watchExpiry(login.expiresAt);
      // Tellers work a branch counter over HTTP (counter/); the hub refuses them the call socket.
      if (login.staff.role === 'teller') {
        store.setPhase('ready', 'teller at a counter', { tab: 'counter' });
        return;
      }
      // Operations staff run the fleet over HTTP and take no calls: the hub refuses them the socket too.
      if (login.staff.role === 'operations') {
        store.setPhase('ready', 'operations on the fleet', { tab: 'fleet' });
        return;
      }
      this.socket = new HubSocket({
        url: this.deps.socketUrl,
        token: login.token,
        onMessage: (message) => handleHubMessage(this, message),
        onStatus: (status) => this.onSocketStatus(status),
        sessionAlive: () => client.sessionAlive(login.token),
        ...(this.deps.WebSocketImpl ? { WebSocketImpl: this.deps.WebSocketImpl } : {}),
      });
    } catch (error) {
      store.update({ loginError: error instanceof StaffApiError ? error.code : 'unexpected' });
    }
  }

  /** Back to the sign-in screen; `reason` is shown there (expired, replaced…). */
  signOut(reason: LoginErrorCode | null = null): void {
    const { store, client } = this.deps;
    // A late failure (a quality post, the socket) must not overwrite why we signed out.
    if (store.getSnapshot().phase === 'signed-out') return;
    const token = store.getSnapshot().session?.token;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    // The call's last quality samples go out before the token is revoked.
    const ending = this.active?.end() ?? Promise.resolve();
    this.active = null;
    // Only a deliberate sign-out revokes the token; an expired one is dead already.
    if (token && reason === null) void ending.then(() => client.logout(token)).catch(() => undefined);
    store.setPhase('signed-out', reason ?? 'signed out', { ...signedOut(), loginError: reason });
  }

  send(message: ExpertMessage): boolean {
    return this.socket?.send(message) ?? false;
  }

  setAvailable(available: boolean): void {
    if (this.send({ type: 'availability', available })) this.store.update({ wantsCalls: available });
  }

  accept(requestId?: string): void {
    this.store.update({ notice: null });
    this.send(requestId ? { type: 'accept', requestId } : { type: 'accept' });
  }

  endCall(): void {
    const call = this.store.getSnapshot().call;
    if (call) this.send({ type: 'call.end', sessionId: call.sessionId, reason: 'completed' });
  }

  sendCallMessage(message: CallMessage): boolean {
    return this.active?.send(message) ?? false;
  }

  setMuted(muted: boolean): void {
    this.active?.setMuted(muted);
  }

  decide(authRequestId: string, action: string, decision: 'approve' | 'decline'): void {
    this.active?.decide(authRequestId, action, decision);
  }

  submitDisposition(outcome: DispositionOutcome, notes: string): void {
    const ended = this.store.getSnapshot().ended;
    if (!ended || ended.saving) return;
    if (this.send({ type: 'disposition', sessionId: ended.call.sessionId, outcome, notes })) this.store.update({ ended: { ...ended, saving: true } });
  }

  setLocale(locale: ConsoleLocale): void {
    this.store.update({ locale });
  }

  setTab(tab: 'queue' | 'supervisor' | 'fleet' | 'follow-ups' | 'accounts' | 'knowledge' | 'analytics' | 'recommendations'): void {
    this.store.update({ tab });
    if (tab === 'supervisor') this.send({ type: 'supervisor.snapshot' });
  }

  dismissNotice(): void {
    this.store.update({ notice: null });
  }

  private onSocketStatus(status: SocketStatus): void {
    if (status === 'expired' || status === 'replaced') {
      this.signOut(status === 'expired' ? 'session-expired' : 'replaced');
      return;
    }
    this.store.update({ socket: status });
  }

  /** The absolute end of the session is known: go back to sign-in then, not a minute later. */
  private watchExpiry(expiresAt: string): void {
    const ms = Date.parse(expiresAt) - Date.now();
    // setTimeout overflows past ~24.8 days; sessions are hours long, but be safe.
    if (Number.isFinite(ms) && ms < 2 ** 31 - 1) this.expiryTimer = setTimeout(() => this.signOut('session-expired'), Math.max(0, ms));
  }
}
