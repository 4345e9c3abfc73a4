// The one technician session the kiosk allows at a time. Every service request presents the
// session id and counts as activity; nothing for `idleMs` ends it (the page returns to the
// customer screens). A new sign-in replaces the old session.
import { BridgeError } from '../../bridge/contract.js';

export type ServiceEndReason = 'left' | 'expired' | 'replaced' | 'restart';

export interface ServiceSession {
  readonly id: string;
  readonly technician: string;
  readonly startedAt: number;
}

export interface SessionClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: SessionClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** 192 random bits, base64url: what the page presents with each service request. */
function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class ServiceSessions {
  private current: { session: ServiceSession; lastActive: number; timer: unknown } | null = null;

  constructor(
    private readonly idleMs: number,
    private readonly onEnded: (session: ServiceSession, reason: ServiceEndReason) => void,
    private readonly clock: SessionClock = realClock,
  ) {}

  start(technician: string): ServiceSession {
    if (this.current) this.end(this.current.session.id, 'replaced');
    const session: ServiceSession = { id: newSessionId(), technician, startedAt: this.clock.now() };
    this.current = { session, lastActive: session.startedAt, timer: null };
    this.arm();
    return session;
  }

  /** The live session with this id, counted as activity; UNAUTHORIZED otherwise. */
  use(id: string): ServiceSession {
    const c = this.current;
    if (!c || c.session.id !== id) throw new BridgeError('UNAUTHORIZED', 'no such service session (expired or ended)');
    c.lastActive = this.clock.now();
    return c.session;
  }

  active(): ServiceSession | null {
    return this.current?.session ?? null;
  }

  end(id: string, reason: ServiceEndReason): boolean {
    const c = this.current;
    if (!c || c.session.id !== id) return false;
    this.clock.clearTimeout(c.timer);
    this.current = null;
    this.onEnded(c.session, reason);
    return true;
  }

  close(): void {
    if (this.current) this.clock.clearTimeout(this.current.timer);
    this.current = null;
  }

  /** One timer, re-armed for the remaining idle time instead of on every request. */
  private arm(): void {
    const c = this.current;
    if (!c) return;
    const left = c.lastActive + this.idleMs - this.clock.now();
    c.timer = this.clock.setTimeout(() => {
      if (this.current !== c) return;
      if (this.clock.now() - c.lastActive >= this.idleMs) this.end(c.session.id, 'expired');
      else this.arm();
    }, Math.max(0, left));
  }
}
