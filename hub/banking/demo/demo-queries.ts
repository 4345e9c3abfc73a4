// Reads of the demo bank's tables, as protocol DTOs. Both engines' value types (bigint as
// string from pg, dates) are normalised here, once.
import type { AccountSummary, Biller, Bill, CardSummary, StatementEntry } from '../../../protocol/core-banking.js';
import { currencyCodeSchema } from '../../../protocol/money.js';
import type { Queryable } from '../../storage/queryable.js';
import { toIsoString, toSafeInteger } from '../../storage/row-values.js';

const currencyOf = (value: unknown) => currencyCodeSchema.parse(value);

/** "6222 **** **** 0001": the kiosk shows no more of an account number than this. */
export function maskAccountNumber(number: string): string {
  return `${number.slice(0, 4)} **** **** ${number.slice(-4)}`;
}

export interface CardRow {
  card_id: string;
  customer_id: string;
  masked_pan: string;
  expiry: string;
  service_code: string;
  status: 'active' | 'blocked' | 'replacement-ordered' | 'issued' | 'voided';
  pvv: string;
  wrong_pin_count: number;
}

export async function cardById(db: Queryable, cardId: string): Promise<CardRow | null> {
  const { rows } = await db.query<CardRow>('SELECT card_id, customer_id, masked_pan, expiry, service_code, status, pvv, wrong_pin_count FROM demo_bank_cards WHERE card_id = $1', [cardId]);
  return rows[0] ?? null;
}

export async function cardByPanHmac(db: Queryable, hmac: string): Promise<CardRow | null> {
  const { rows } = await db.query<CardRow>('SELECT card_id, customer_id, masked_pan, expiry, service_code, status, pvv, wrong_pin_count FROM demo_bank_cards WHERE pan_hmac = $1', [hmac]);
  return rows[0] ?? null;
}

/** A card is valid to the last day of its expiry month (YYMM), in UTC. */
export function isExpired(expiry: string, now: Date): boolean {
  const year = 2000 + Number(expiry.slice(0, 2));
  const month = Number(expiry.slice(2, 4));
  return now.getTime() >= Date.UTC(year, month, 1);
}

export function cardSummary(row: CardRow, now: Date): CardSummary {
  const status = row.status === 'active' && isExpired(row.expiry, now) ? 'expired' : row.status;
  return { cardId: row.card_id, maskedPan: row.masked_pan, expiry: row.expiry, status };
}

interface AccountRow {
  account_id: string;
  account_number: string;
  kind: 'current' | 'savings';
  name_zh: string;
  name_en: string;
  currency: string;
  balance_minor: unknown;
}

const ACCOUNT_COLUMNS = 'account_id, account_number, kind, name_zh, name_en, currency, balance_minor';

function accountSummary(row: AccountRow): AccountSummary {
  const balance = { minor: toSafeInteger(row.balance_minor), currency: currencyOf(row.currency) };
  return { accountId: row.account_id, maskedNumber: maskAccountNumber(row.account_number), kind: row.kind, name: { 'zh-CN': row.name_zh, en: row.name_en }, available: balance, ledger: balance };
}

export async function accountsOf(db: Queryable, customerId: string): Promise<AccountSummary[]> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM demo_bank_accounts WHERE customer_id = $1 ORDER BY account_id`, [customerId]);
  return rows.map(accountSummary);
}

export async function accountOf(db: Queryable, customerId: string, accountId: string): Promise<AccountSummary | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM demo_bank_accounts WHERE customer_id = $1 AND account_id = $2`, [customerId, accountId]);
  return rows[0] ? accountSummary(rows[0]) : null;
}

interface BillerRow {
  biller_id: string;
  category: Biller['category'];
  name_zh: string;
  name_en: string;
  reference_label_zh: string;
  reference_label_en: string;
  reference_pattern: string;
  fee_minor: unknown;
  currency: string;
}

export async function listBillers(db: Queryable): Promise<Biller[]> {
  const { rows } = await db.query<BillerRow>(
    'SELECT biller_id, category, name_zh, name_en, reference_label_zh, reference_label_en, reference_pattern, fee_minor, currency FROM demo_bank_billers ORDER BY sort_order',
  );
  return rows.map((row) => ({
    billerId: row.biller_id,
    category: row.category,
    name: { 'zh-CN': row.name_zh, en: row.name_en },
    referenceLabel: { 'zh-CN': row.reference_label_zh, en: row.reference_label_en },
    referencePattern: row.reference_pattern,
    fee: { minor: toSafeInteger(row.fee_minor), currency: currencyOf(row.currency) },
  }));
}

interface BillRow {
  bill_id: string;
  biller_id: string;
  reference: string;
  payee_name: string;
  period: string;
  amount_minor: unknown;
  currency: string;
  due_date: string;
  status: 'open' | 'paid';
  fee_minor: unknown;
}

const BILL_SELECT = `SELECT b.bill_id, b.biller_id, b.reference, b.payee_name, b.period, b.amount_minor, b.currency,
  to_char(b.due_date, 'YYYY-MM-DD') AS due_date, b.status, r.fee_minor
  FROM demo_bank_bills b JOIN demo_bank_billers r ON r.biller_id = b.biller_id`;

function bill(row: BillRow): Bill {
  const currency = currencyOf(row.currency);
  return {
    billId: row.bill_id,
    billerId: row.biller_id,
    reference: row.reference,
    payeeName: row.payee_name,
    period: row.period,
    amount: { minor: toSafeInteger(row.amount_minor), currency },
    fee: { minor: toSafeInteger(row.fee_minor), currency },
    dueDate: row.due_date,
    status: row.status,
  };
}

export async function billById(db: Queryable, billId: string, forUpdate = false): Promise<Bill | null> {
  const { rows } = await db.query<BillRow>(`${BILL_SELECT} WHERE b.bill_id = $1${forUpdate ? ' FOR UPDATE OF b' : ''}`, [billId]);
  return rows[0] ? bill(rows[0]) : null;
}

/** The biller's bills for one reference: open ones first, oldest due first. */
export async function billsByReference(db: Queryable, billerId: string, reference: string): Promise<Bill[]> {
  const { rows } = await db.query<BillRow>(`${BILL_SELECT} WHERE b.biller_id = $1 AND b.reference = $2 ORDER BY (b.status = 'open') DESC, b.due_date, b.bill_id`, [billerId, reference]);
  return rows.map(bill);
}

interface LedgerRow {
  entry_id: unknown;
  booked_at: unknown;
  description: string;
  amount_minor: unknown;
  balance_after_minor: unknown;
}

function entry(row: LedgerRow, currency: AccountSummary['available']['currency']): StatementEntry {
  return {
    entryId: `E${toSafeInteger(row.entry_id)}`,
    bookedAt: toIsoString(row.booked_at),
    description: row.description,
    amount: { minor: toSafeInteger(row.amount_minor), currency },
    balanceAfter: { minor: toSafeInteger(row.balance_after_minor), currency },
  };
}

const LEDGER_COLUMNS = 'entry_id, booked_at, description, amount_minor, balance_after_minor';

export async function latestEntries(db: Queryable, account: AccountSummary, limit: number): Promise<{ entries: StatementEntry[]; truncated: boolean }> {
  const { rows } = await db.query<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM demo_bank_ledger WHERE account_id = $1 ORDER BY booked_at DESC, entry_id DESC LIMIT $2`, [account.accountId, limit + 1]);
  return { entries: rows.slice(0, limit).map((row) => entry(row, account.available.currency)), truncated: rows.length > limit };
}

/** Dates are the bank's calendar days (China Standard Time, UTC+8, no daylight saving). */
export async function entriesBetween(db: Queryable, account: AccountSummary, from: string, to: string, limit: number): Promise<{ entries: StatementEntry[]; truncated: boolean }> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM demo_bank_ledger
     WHERE account_id = $1 AND booked_at >= ($2 || 'T00:00:00+08:00')::timestamptz AND booked_at < (($3::date + 1)::text || 'T00:00:00+08:00')::timestamptz
     ORDER BY booked_at, entry_id LIMIT $4`,
    [account.accountId, from, to, limit + 1],
  );
  return { entries: rows.slice(0, limit).map((row) => entry(row, account.available.currency)), truncated: rows.length > limit };
}
