// Each item of a batch is judged on its own: the valid ones go on to storage, the
// malformed ones are answered with what is wrong, field by field. Types whose payload the hub
// relies on (balances and statements: the receipt number printed on the slip) are checked
// against their protocol schema too; other types are stored as sent.
import { accountServiceItemProblem, isAccountServiceType } from '../../../protocol/account-services-item.js';
import { transactionItemSchema, type ItemResult, type TransactionItem } from '../../../protocol/hub-api.js';
import { parseInput } from '../../api/parse-input.js';

export interface CheckedItems {
  valid: { index: number; item: TransactionItem }[];
  /** Results for the malformed items, keyed by their index in the batch. */
  rejected: Map<number, ItemResult>;
}

const MAX_ECHOED_ID_LENGTH = 64;

/** The id to answer with: whatever string the kiosk sent, so it can match the result. */
function echoedId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const { id } = raw;
  return typeof id === 'string' && id.length <= MAX_ECHOED_ID_LENGTH ? id : null;
}

function payloadProblem(kioskId: string, item: TransactionItem): string | null {
  if (!isAccountServiceType(item.type)) return null;
  const problem = accountServiceItemProblem(kioskId, item.type, item.payload);
  return problem ? `(item).payload: ${problem}`.slice(0, 500) : null;
}

export function checkItems(rawItems: readonly unknown[], kioskId: string): CheckedItems {
  const checked: CheckedItems = { valid: [], rejected: new Map() };
  rawItems.forEach((raw, index) => {
    const parsed = parseInput(transactionItemSchema, raw, '(item)');
    const message = parsed.ok ? payloadProblem(kioskId, parsed.data) : parsed.message;
    if (parsed.ok && message === null) {
      checked.valid.push({ index, item: parsed.data });
      return;
    }
    checked.rejected.set(index, {
      id: echoedId(raw),
      index,
      status: 'rejected',
      code: 'INVALID_ITEM',
      message: message ?? 'invalid item',
    });
  });
  return checked;
}
