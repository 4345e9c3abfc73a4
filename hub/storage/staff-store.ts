// Read-only storage for the staff query endpoints, over either engine.
import type { KioskGapsQuery, KioskGapsResponse, StaffKiosksQuery, StaffKiosksResponse } from '../api/staff.js';
import { kioskGaps } from './gap-queries.js';
import { kioskStatuses } from './kiosk-status-queries.js';
import { migrate } from './migrations.js';
import type { Database } from './queryable.js';
import { searchTransactions, type TransactionPage, type TransactionSearch } from './staff-transaction-queries.js';

export type { TransactionPage, TransactionSearch } from './staff-transaction-queries.js';

export interface StaffStore {
  searchTransactions(search: TransactionSearch): Promise<TransactionPage>;
  kioskStatuses(query: StaffKiosksQuery): Promise<StaffKiosksResponse>;
  /** Null when the kiosk is not registered. */
  kioskGaps(kioskId: string, query: KioskGapsQuery): Promise<KioskGapsResponse | null>;
}

export async function createStaffStore(db: Database): Promise<StaffStore> {
  await migrate(db);
  return {
    searchTransactions: (search) => searchTransactions(db, search),
    // One transaction, so `at` and every age come from the same now().
    kioskStatuses: (query) => db.transaction((tx) => kioskStatuses(tx, query)),
    kioskGaps: (kioskId, query) => kioskGaps(db, kioskId, query),
  };
}
