// Balances and statements as the kiosk's outbox keeps them and the hub stores them (issue 10):
// one row per completed enquiry, carrying the receipt number printed on its slip or on every
// statement page. Both ends derive that number from the kiosk id and the enquiry id with
// `receiptNumberFor`, so the hub can check a row it is given and staff can find the row of a
// slip a customer brings to the counter. Nothing personal travels but masked account numbers:
// no balances, no entries, no card number.
import { z } from 'zod';

export const BALANCE_ENQUIRY_TYPE = 'banking.balance-enquiry';
export const MINI_STATEMENT_TYPE = 'banking.mini-statement';
export const STATEMENT_PRINTED_TYPE = 'banking.statement-printed';
export const ACCOUNT_SERVICE_TYPES = [BALANCE_ENQUIRY_TYPE, MINI_STATEMENT_TYPE, STATEMENT_PRINTED_TYPE] as const;
export type AccountServiceType = (typeof ACCOUNT_SERVICE_TYPES)[number];

// Crockford base32 for the time, letters only (no I, O) for the random part: a receipt number
// never holds the 13-digit run the outbox's card-number guard refuses, whatever the kiosk id.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const KIOSK_CHARS = 12;

function digitsOf(value: bigint, alphabet: string, width: number): string {
  const base = BigInt(alphabet.length);
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = alphabet[Number(rest % base)] + out;
    rest /= base;
  }
  return out;
}

/**
 * "K09-QXTRBM-01KM3F4GHZ": the kiosk id (upper-cased, at most 12 characters), six letters from
 * the enquiry id's random bits, and its millisecond timestamp in base32. The enquiry id is a
 * UUIDv7 the kiosk makes when the enquiry starts, so the number exists before the first page.
 */
export function receiptNumberFor(kioskId: string, enquiryId: string): string {
  const hex = enquiryId.replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error('receiptNumberFor: the enquiry id must be a UUID');
  const kiosk = kioskId.toUpperCase().replace(/[^A-Z0-9]/g, '-').slice(0, KIOSK_CHARS);
  const time = BigInt(`0x${hex.slice(0, 12)}`);
  // 28 bits from bytes 9–12: the low end of a v7 generator's in-millisecond counter (so two
  // ids of the same millisecond differ here) and the random bytes after it.
  const random = BigInt(`0x${hex.slice(18, 25)}`);
  return `${kiosk}-${digitsOf(random, LETTERS, 6)}-${digitsOf(time, BASE32, 10)}`;
}

export const receiptNumberSchema = z.string().regex(/^[A-Z0-9-]{6,40}$/);
const maskedAccountSchema = z.string().regex(/^[\d *]{8,40}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const localeSchema = z.enum(['zh-CN', 'en']);

const enquiry = {
  /** UUIDv7 made by the kiosk when the enquiry started; the receipt number derives from it. */
  enquiryId: z.uuid(),
  receiptNumber: receiptNumberSchema,
  /** The slip's language; null when nothing was printed. */
  locale: localeSchema.nullable(),
};

export const balanceEnquiryItemSchema = z.object({ ...enquiry, maskedAccounts: z.array(maskedAccountSchema).min(1).max(50), printed: z.boolean() }).strict();
export type BalanceEnquiryItem = z.infer<typeof balanceEnquiryItemSchema>;

export const miniStatementItemSchema = z.object({ ...enquiry, maskedAccount: maskedAccountSchema, entryCount: z.number().int().min(0).max(20), printed: z.boolean() }).strict();
export type MiniStatementItem = z.infer<typeof miniStatementItemSchema>;

/** The statement row's fields without its cross-field rules (for a record still being printed). */
export const statementPrintedFieldsSchema = z
  .object({
    ...enquiry,
    maskedAccount: maskedAccountSchema,
    period: z.object({ from: isoDate, to: isoDate }).strict(),
    pages: z.number().int().min(1).max(999),
    /** Pages out of the printer; fewer than `pages` when the customer stopped it or it timed out. */
    printedPages: z.number().int().min(0).max(999),
    /** The bank returned fewer entries than the period holds; the last page says so. */
    truncated: z.boolean(),
    outcome: z.enum(['printed', 'stopped']),
  })
  .strict();

export const statementPrintedItemSchema = statementPrintedFieldsSchema
  .refine((item) => item.printedPages <= item.pages, { message: 'printedPages must not exceed pages', path: ['printedPages'] })
  .refine((item) => (item.outcome === 'printed') === (item.printedPages === item.pages), { message: "outcome is 'printed' exactly when every page printed", path: ['outcome'] });
export type StatementPrintedItem = z.infer<typeof statementPrintedItemSchema>;

export type AccountServiceItem =
  | { type: typeof BALANCE_ENQUIRY_TYPE; item: BalanceEnquiryItem }
  | { type: typeof MINI_STATEMENT_TYPE; item: MiniStatementItem }
  | { type: typeof STATEMENT_PRINTED_TYPE; item: StatementPrintedItem };

const schemas = { [BALANCE_ENQUIRY_TYPE]: balanceEnquiryItemSchema, [MINI_STATEMENT_TYPE]: miniStatementItemSchema, [STATEMENT_PRINTED_TYPE]: statementPrintedItemSchema } as const;

export const isAccountServiceType = (type: string): type is AccountServiceType => (ACCOUNT_SERVICE_TYPES as readonly string[]).includes(type);

/** The hub's check of such a row: its shape, and a receipt number that is the kiosk's for this enquiry. Null when it holds. */
export function accountServiceItemProblem(kioskId: string, type: AccountServiceType, payload: unknown): string | null {
  const parsed = schemas[type].safeParse(payload);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
  const expected = receiptNumberFor(kioskId, parsed.data.enquiryId);
  return parsed.data.receiptNumber === expected ? null : `receiptNumber is not this kiosk's number for enquiry ${parsed.data.enquiryId}`;
}
