// The waiting room in SQL (table assist_queue, hub migration 6): the queue's truth when
// several hub instances share one PostgreSQL. A claim is one statement that deletes the row
// and returns it: two instances claiming the same request serialise on its row lock and the
// second finds nothing; `claimNext` skips rows another claim holds (FOR UPDATE SKIP LOCKED),
// so concurrent experts take different customers instead of waiting on each other.
import { migrate } from '../../storage/migrations.js';
import type { Database } from '../../storage/queryable.js';
import type { Language, PriorityClass, Topic } from '../../../protocol/assist-values.js';
import type { ExpertSkills, WaitingRequest } from '../queue/assistance-queue.js';
import { checkPriorityPolicy, type PriorityPolicy } from '../queue/priority.js';
import { AlreadyWaitingError, type QueueStore } from '../queue/queue-store.js';

interface QueueRow {
  request_id: string;
  kiosk_id: string;
  language: string;
  topic: string;
  priority_class: string;
  journey_step: string;
  requested_at_ms: string | number;
  queued_at_ms: string | number | null;
  transfer_from: string | null;
  transfer_kind: 'staff' | 'supervisor' | null;
  transfer_staff: string | null;
  transfer_note: string | null;
}

const COLUMNS = `request_id, kiosk_id, language, topic, priority_class, journey_step, requested_at_ms, queued_at_ms,
  transfer_from, transfer_kind, transfer_staff, transfer_note`;
const ORDER = 'rank_ms, requested_at_ms, request_id';

function fromRow(row: QueueRow): WaitingRequest {
  const request: WaitingRequest = {
    requestId: row.request_id,
    kioskId: row.kiosk_id,
    language: row.language as Language,
    topic: row.topic as Topic,
    priorityClass: row.priority_class as PriorityClass,
    journeyStep: row.journey_step,
    requestedAt: Number(row.requested_at_ms),
  };
  if (row.queued_at_ms !== null) request.queuedAt = Number(row.queued_at_ms);
  if (row.transfer_kind !== null) {
    request.transfer = {
      fromDisplayName: row.transfer_from ?? '',
      target: row.transfer_kind === 'staff' ? { kind: 'staff', staffId: row.transfer_staff ?? '' } : { kind: 'supervisor' },
      ...(row.transfer_note === null ? {} : { note: row.transfer_note }),
    };
  }
  return request;
}

export async function createSqlQueueStore(db: Database, policy: PriorityPolicy): Promise<QueueStore> {
  checkPriorityPolicy(policy);
  await migrate(db);
  const rankOf = (request: WaitingRequest) => request.requestedAt - (policy.headStartSec[request.priorityClass] * 1000) / policy.agingPerSec;
  const isSupervisor = (expert: ExpertSkills) => expert.role === 'supervisor' || expert.role === 'admin';

  return {
    async enqueue(request) {
      const target = request.transfer?.target;
      const { rows } = await db.query<{ request_id: string }>(
        `INSERT INTO assist_queue (${COLUMNS}, rank_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT DO NOTHING RETURNING request_id`,
        [
          request.requestId, request.kioskId, request.language, request.topic, request.priorityClass, request.journeyStep,
          request.requestedAt, request.queuedAt ?? null, request.transfer?.fromDisplayName ?? null, target?.kind ?? null,
          target?.kind === 'staff' ? target.staffId : null, request.transfer?.note ?? null, rankOf(request),
        ],
      );
      if (rows.length === 0) throw new AlreadyWaitingError(request.kioskId);
    },

    async claim(requestId) {
      const { rows } = await db.query<QueueRow>(`DELETE FROM assist_queue WHERE request_id = $1 RETURNING ${COLUMNS}`, [requestId]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    async claimNext(expert) {
      // Eligibility as isEligible(): a transfer names its taker; otherwise language and topic.
      const { rows } = await db.query<QueueRow>(
        `DELETE FROM assist_queue WHERE request_id = (
           SELECT request_id FROM assist_queue
            WHERE CASE transfer_kind
                    WHEN 'staff' THEN transfer_staff = $1
                    WHEN 'supervisor' THEN $2
                    ELSE language = ANY($3::text[]) AND topic = ANY($4::text[])
                  END
            ORDER BY ${ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [expert.staffId, isSupervisor(expert), [...expert.languages], [...expert.topics]],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    async list() {
      const { rows } = await db.query<QueueRow>(`SELECT ${COLUMNS} FROM assist_queue ORDER BY ${ORDER}`);
      return rows.map(fromRow);
    },
  };
}
