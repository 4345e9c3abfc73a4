// Everything the routes need from storage, over either engine. Opening a store brings the
// schema up to date first, so a route never meets a half-migrated database.
import type {
  DbKind,
  KioskSummary,
  ListTransactionsQuery,
  RegisterKioskRequest,
  StoredTransaction,
  TransactionItem,
} from '../../protocol/hub-api.js';
import { enterIssuedTickets } from '../branch-queue/tickets.js';
import { DEFAULT_FOLLOW_UP_POLICY, enterFeedbackAndCallbacks, type FollowUpPolicy } from '../follow-ups/follow-up-ingest.js';
import { enterRecommendationEvents } from '../recommendations/recommendation-store.js';
import * as changes from './change-queries.js';
import * as kiosks from './kiosk-queries.js';
import { migrate } from './migrations.js';
import type { NonceClaim, NonceRefused } from './nonce-queries.js';
import type { Database } from './queryable.js';
import { ingestItems, type IngestOutcome } from './transaction-ingest.js';
import { listTransactions } from './transaction-queries.js';

export type { IngestOutcome } from './transaction-ingest.js';
export type { Registration } from './kiosk-queries.js';
export type { ChangePage, PublishedChange, PublishInput } from './change-queries.js';

export interface IngestRequest {
  kioskId: string;
  /** Items that already passed `transactionItemSchema`. */
  items: TransactionItem[];
  backlogHint?: number;
}

export interface HubStore {
  readonly dbKind: DbKind;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  registerKiosk(input: RegisterKioskRequest): Promise<kiosks.Registration>;
  /** One outcome per item in order, or null when the kiosk is not registered. */
  ingest(request: IngestRequest): Promise<IngestOutcome[] | null>;
  /** Null when the kiosk is not registered. */
  listTransactions(query: ListTransactionsQuery): Promise<StoredTransaction[] | null>;
  listKiosks(): Promise<KioskSummary[]>;
  /** Hub → kiosk: the kiosk's changes after `after` (a decoded cursor); null when it is not registered. */
  kioskChanges(kioskId: string, after: number, limit: number): Promise<changes.ChangePage | null>;
  /** The same with the request's nonce claimed in the same round trip; NONCE_REFUSED (nothing done) when it could not be. */
  kioskChangesClaiming(kioskId: string, after: number, limit: number, claim: NonceClaim): Promise<changes.ChangePage | null | NonceRefused>;
  publishChange(change: changes.PublishInput): Promise<changes.PublishedChange>;
  close(): Promise<void>;
}

export interface HubStoreOptions {
  /** Contact deadline of the follow-up cases opened at ingest (HUB_FOLLOW_UP_SLA_HOURS). */
  followUps?: FollowUpPolicy;
}

export async function createHubStore(db: Database, options: HubStoreOptions = {}): Promise<HubStore> {
  await migrate(db);
  return {
    dbKind: db.kind,
    ping: async () => {
      await db.query('SELECT 1');
    },
    registerKiosk: (input) => kiosks.registerKiosk(db, input),
    ingest: ({ kioskId, items, backlogHint }) =>
      db.transaction(async (tx) => {
        if (!(await kiosks.touchKiosk(tx, kioskId, backlogHint))) return null;
        const outcomes = await ingestItems(tx, kioskId, items);
        // Same transaction: a ticket is in its branch queue exactly when its transaction is stored.
        const stored = items.filter((_, i) => outcomes[i]?.status === 'stored');
        await enterIssuedTickets(tx, kioskId, stored, Date.now());
        // Same reason: a detractor's or call-back's case exists exactly when its transaction does.
        await enterFeedbackAndCallbacks(tx, kioskId, stored, Date.now(), options.followUps ?? DEFAULT_FOLLOW_UP_POLICY);
        // Suggestions shown, accepted or declined are counted exactly when their transaction is stored.
        await enterRecommendationEvents(tx, kioskId, stored);
        return outcomes;
      }),
    listTransactions: async (query) => {
      if (!(await kiosks.kioskExists(db, query.kioskId))) return null;
      return listTransactions(db, query);
    },
    listKiosks: () => kiosks.listKiosks(db),
    kioskChanges: (kioskId, after, limit) => changes.kioskChanges(db, kioskId, after, limit),
    kioskChangesClaiming: (kioskId, after, limit, claim) => changes.kioskChangesClaiming(db, kioskId, after, limit, claim),
    publishChange: (change) => changes.publishChange(db, change),
    close: () => db.close(),
  };
}
