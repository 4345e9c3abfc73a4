// Each item of a batch is judged on its own: the valid ones go on to storage, the
// malformed ones are answered with what is wrong, field by field.
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

export function checkItems(rawItems: readonly unknown[]): CheckedItems {
  const checked: CheckedItems = { valid: [], rejected: new Map() };
  rawItems.forEach((raw, index) => {
    const parsed = parseInput(transactionItemSchema, raw, '(item)');
    if (parsed.ok) {
      checked.valid.push({ index, item: parsed.data });
      return;
    }
    checked.rejected.set(index, {
      id: echoedId(raw),
      index,
      status: 'rejected',
      code: 'INVALID_ITEM',
      message: parsed.message,
    });
  });
  return checked;
}
