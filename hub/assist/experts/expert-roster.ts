// The staff who can take calls and what each is doing. The state of an expert changes only
// through `setState`, which logs "old → new" and notifies the supervisor feed. Whether the
// expert wants calls (the availability toggle) is a preference kept beside the state: it
// decides where the expert returns to after a call or a reconnect.
import type { ExpertState, Language, StaffRole, Topic } from '../../../protocol/assist-values.js';
import type { ExpertSkills } from '../queue/assistance-queue.js';

export interface StaffProfile extends ExpertSkills {
  displayName: string;
  role: StaffRole;
  languages: readonly Language[];
  topics: readonly Topic[];
}

export interface ExpertEntry {
  profile: StaffProfile;
  state: ExpertState;
  since: number;
  wantsCalls: boolean;
  sessionId?: string;
}

export interface ExpertStateChange {
  staffId: string;
  from: ExpertState;
  to: ExpertState;
  cause: string;
}

export class ExpertRoster {
  private readonly entries = new Map<string, ExpertEntry>();

  constructor(
    private readonly now: () => number,
    private readonly onChange: (change: ExpertStateChange) => void,
  ) {}

  /** Creates the entry on first sight (offline, not wanting calls) and refreshes the profile. */
  upsert(profile: StaffProfile): ExpertEntry {
    const entry = this.entries.get(profile.staffId);
    if (entry) {
      entry.profile = profile;
      return entry;
    }
    const created: ExpertEntry = { profile, state: 'offline', since: this.now(), wantsCalls: false };
    this.entries.set(profile.staffId, created);
    return created;
  }

  get(staffId: string): ExpertEntry | undefined {
    return this.entries.get(staffId);
  }

  all(): ExpertEntry[] {
    return [...this.entries.values()];
  }

  /** Connected (or within their grace) — the experts the queue can count on. */
  online(): ExpertEntry[] {
    return this.all().filter((entry) => entry.state !== 'offline');
  }

  setState(staffId: string, to: ExpertState, cause: string, sessionId?: string): void {
    const entry = this.entries.get(staffId);
    if (!entry) throw new Error(`expert ${staffId} is not on the roster`);
    const from = entry.state;
    entry.sessionId = to === 'in-call' || to === 'reconnecting' ? (sessionId ?? entry.sessionId) : undefined;
    // Back from offline is a fresh start: wanting calls must be said again.
    if (to === 'offline') entry.wantsCalls = false;
    if (from === to) return;
    entry.state = to;
    entry.since = this.now();
    this.onChange({ staffId, from, to, cause });
  }

  /** Where an expert goes when not in a call: available if they want calls, else away. */
  idleState(staffId: string): ExpertState {
    return this.entries.get(staffId)?.wantsCalls ? 'available' : 'away';
  }
}
