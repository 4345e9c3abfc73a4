// The console's calls for declined stored payments (protocol/core-banking.ts
// BANKING_STAFF_PATHS): the follow-up list, open or resolved, and resolving one with a note.
// Through the shared staff calls, so refusals are StaffResourceError codes like every view's.
import { BANKING_STAFF_PATHS, followUpsResponseSchema, storedPaymentSchema, type FollowUpState, type StoredPayment } from '../../../protocol/core-banking.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson } from '../api/staff-resource.js';

/** What the declined-payments section needs; tests give a fake. */
export interface StoredPaymentApi {
  list(state: FollowUpState): Promise<StoredPayment[]>;
  resolve(kioskId: string, transactionId: string, note: string): Promise<StoredPayment>;
}

export class StoredPaymentClient implements StoredPaymentApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async list(state: FollowUpState): Promise<StoredPayment[]> {
    const path = `${BANKING_STAFF_PATHS.followUps}?${new URLSearchParams({ state }).toString()}`;
    return followUpsResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'GET', path)).items;
  }

  async resolve(kioskId: string, transactionId: string, note: string): Promise<StoredPayment> {
    const path = BANKING_STAFF_PATHS.resolveFollowUp.replace(':kioskId', encodeURIComponent(kioskId)).replace(':transactionId', encodeURIComponent(transactionId));
    return storedPaymentSchema.parse(await staffJson(this.fetchImpl, this.token, 'POST', path, { note }));
  }
}
