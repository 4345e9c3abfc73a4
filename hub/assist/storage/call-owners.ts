// Which hub instance runs each live call (table assist_call_owners, hub migration 7), with
// what that instance needs to go on with it: when the owner dies, an instance a party
// reconnects to takes the call over — one instance, by a conditional UPDATE.
import type { Database } from '../../storage/queryable.js';
import type { StaffProfile } from '../experts/expert-roster.js';
import type { WaitingRequest } from '../queue/assistance-queue.js';

export interface OwnedCall {
  sessionId: string;
  owner: string;
  request: WaitingRequest;
  expert: StaffProfile;
  startedAt: number;
}

export interface CallOwnerStore {
  record(call: OwnedCall): Promise<void>;
  forget(sessionId: string): Promise<void>;
  /** The live call of a kiosk or a staff member, if any instance runs one. */
  findByParty(kind: 'kiosk' | 'staff', id: string): Promise<OwnedCall | undefined>;
  /** True for exactly one of the instances that try to take the call from `from`. */
  takeOver(sessionId: string, from: string, to: string): Promise<boolean>;
}

interface Row {
  session_id: string;
  owner: string;
  request: WaitingRequest | string;
  expert: StaffProfile | string;
  started_at_ms: string | number;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export function createCallOwnerStore(db: Database): CallOwnerStore {
  return {
    async record(call) {
      await db.query(
        `INSERT INTO assist_call_owners (session_id, owner, kiosk_id, staff_id, request, expert, started_at_ms)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
        [call.sessionId, call.owner, call.request.kioskId, call.expert.staffId, JSON.stringify(call.request), JSON.stringify(call.expert), call.startedAt],
      );
    },
    async forget(sessionId) {
      await db.query('DELETE FROM assist_call_owners WHERE session_id = $1', [sessionId]);
    },
    async findByParty(kind, id) {
      const { rows } = await db.query<Row>(
        `SELECT session_id, owner, request, expert, started_at_ms FROM assist_call_owners WHERE ${kind === 'kiosk' ? 'kiosk_id' : 'staff_id'} = $1
         ORDER BY started_at_ms DESC LIMIT 1`,
        [id],
      );
      const row = rows[0];
      return row ? { sessionId: row.session_id, owner: row.owner, request: json(row.request), expert: json(row.expert), startedAt: Number(row.started_at_ms) } : undefined;
    },
    async takeOver(sessionId, from, to) {
      const { rows } = await db.query('UPDATE assist_call_owners SET owner = $3 WHERE session_id = $1 AND owner = $2 RETURNING session_id', [sessionId, from, to]);
      return rows.length === 1;
    },
  };
}
