// The console's state, with the phase changed in one place only (`setPhase`, which logs
// "old → new" and why) — DESIGN §7's "explicit call state, one setter". Views read
// immutable snapshots through useSyncExternalStore; nothing else mutates them.
import type { CallEndReason, ExpertInbound, ExpertState, QueueEntry, SlaBreach, StaffRole } from '../../../protocol/assist-signaling.js';
import type { StaffProfileBody } from '../../../protocol/staff-api.js';
import type { LoginErrorCode } from '../api/staff-client.js';
import type { QualityReading } from '../call/quality.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import type { SocketStatus } from '../signaling/hub-socket.js';
import type { CallView } from './call-state.js';

/**
 * signed-out → connecting → ready ⇄ in-call → wrap-up → ready; any → signed-out.
 * `ready` is the queue (and supervisor) view; `wrap-up` the disposition form.
 */
export type Phase = 'signed-out' | 'connecting' | 'ready' | 'in-call' | 'wrap-up';

export type SupervisorFeed = Omit<Extract<ExpertInbound, { type: 'supervisor.snapshot' }>, 'type'> & { receivedAt: number };

export interface Session {
  token: string;
  expiresAt: string;
  staff: StaffProfileBody;
}

export interface EndedCall {
  call: CallView;
  reason: CallEndReason;
  saving: boolean;
}

export interface HubNotice {
  code: string;
  message: string;
}

export interface ConsoleState {
  phase: Phase;
  locale: ConsoleLocale;
  session: Session | null;
  loginError: LoginErrorCode | null;
  socket: SocketStatus | 'none';
  expertState: ExpertState;
  /**
   * Whether the expert wants calls. The hub says so only as `available`/`away`; in a call it
   * says `in-call`, and it does not announce the state it puts the expert in when a call
   * ends (its idle state: available if wanting calls), so the console keeps this itself.
   */
  wantsCalls: boolean;
  queue: { entries: QueueEntry[]; receivedAt: number };
  /** 'counter': a teller's counter view (tellers take no calls and open no signaling socket). */
  /** 'accounts': an admin creating staff accounts. */
  tab: 'queue' | 'supervisor' | 'counter' | 'fleet' | 'follow-ups' | 'accounts' | 'knowledge' | 'analytics' | 'recommendations';
  supervisor: SupervisorFeed | null;
  liveBreaches: SlaBreach[];
  call: CallView | null;
  ended: EndedCall | null;
  cameraError: string | null;
  notice: HubNotice | null;
  streams: { local: MediaStream | null; remote: MediaStream | null };
  quality: QualityReading | null;
}

export const isSupervisorRole = (role: StaffRole | undefined) => role === 'supervisor' || role === 'admin';

const ALLOWED: Record<Phase, readonly Phase[]> = {
  'signed-out': ['connecting'],
  connecting: ['ready', 'in-call', 'signed-out'],
  ready: ['in-call', 'signed-out', 'connecting'],
  'in-call': ['wrap-up', 'signed-out', 'in-call'],
  'wrap-up': ['ready', 'in-call', 'signed-out'],
};

type Listener = () => void;

export class ConsoleStore {
  private state: ConsoleState;
  private readonly listeners = new Set<Listener>();

  constructor(locale: ConsoleLocale, private readonly log: (line: string) => void = (line) => console.info(line)) {
    this.state = {
      phase: 'signed-out',
      locale,
      session: null,
      loginError: null,
      socket: 'none',
      expertState: 'offline',
      wantsCalls: false,
      queue: { entries: [], receivedAt: 0 },
      tab: 'queue',
      supervisor: null,
      liveBreaches: [],
      call: null,
      ended: null,
      cameraError: null,
      notice: null,
      streams: { local: null, remote: null },
      quality: null,
    };
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ConsoleState => this.state;

  /** The only way the phase changes. Refuses (and logs) a transition the machine lacks. */
  setPhase(next: Phase, cause: string, patch: Partial<Omit<ConsoleState, 'phase'>> = {}): boolean {
    const from = this.state.phase;
    if (from !== next && !ALLOWED[from].includes(next)) {
      this.log(`console: refused phase ${from} → ${next} (${cause})`);
      return false;
    }
    this.log(`console: ${from} → ${next} (${cause})`);
    this.commit({ ...this.state, ...patch, phase: next });
    return true;
  }

  /** Data that does not change the phase. */
  update(patch: Partial<Omit<ConsoleState, 'phase'>>): void {
    this.commit({ ...this.state, ...patch });
  }

  /** Changes the live call's view, if there is still one with this session id. */
  updateCall(sessionId: string, change: (call: CallView) => CallView): void {
    const call = this.state.call;
    if (call?.sessionId !== sessionId) return;
    this.commit({ ...this.state, call: change(call) });
  }

  private commit(next: ConsoleState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
