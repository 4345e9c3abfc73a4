// Store-and-forward limits for a bill payment the hub could not authorise: the same offline
// rules the outbox's admission applies (offline-rules.ts), asked before the review screen so
// the customer is told now, not after confirming. The journey only asks once it has met the
// hub unreachable, so the kiosk is judged offline whatever the last sync status says.
import { BILL_PAYMENT_TYPE } from '../../../protocol/bill-payment-item.js';
import type { Money } from '../../../protocol/money.js';
import { judgeOffline, type OfflineRules } from '../offline-rules.js';
import type { Outbox } from '../outbox.node.js';
import type { OfflinePolicy } from './bill-payment-ports.js';

export function outboxOfflinePolicy(deps: { rules: OfflineRules; outbox: Pick<Outbox, 'exposure'>; lastSyncAt: () => string | null; now?: () => number }): OfflinePolicy {
  return {
    async mayPayOffline(amount: Money) {
      const last = deps.lastSyncAt();
      const offlineForMs = last ? (deps.now ?? Date.now)() - Date.parse(last) : null;
      const exposure = await deps.outbox.exposure(BILL_PAYMENT_TYPE);
      return judgeOffline(deps.rules[BILL_PAYMENT_TYPE], { online: false, offlineForMs, exposure }, amount.minor).ok;
    },
  };
}
