// Account opening in the demo bank (issue 11): an approved application becomes a current account
// in CNY with a zero balance, for the customer the document names — the existing customer when
// the resident ID number is one the bank knows (a seeded identity, or an earlier opening), a new
// one otherwise. Idempotent on the application id (demo_bank_account_openings): a replay answers
// the first opening. The bank keeps only an HMAC of the ID number, as for ID sign-in.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../storage/queryable.js';
import type { OpenAccountInput, OpenAccountResult } from '../core-banking-adapter.js';
import { idNumberHmac } from './demo-crypto.node.js';

type Opened = Extract<OpenAccountResult, { outcome: 'opened' }>;

/** 6222 + 12 digits: 6222****1234 on the receipt. */
export const maskOpenedAccount = (accountNumber: string): string => `${accountNumber.slice(0, 4)}****${accountNumber.slice(-4)}`;

// Derived from the application id, so a replay in another transaction names the same number.
function accountNumberOf(applicationId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(applicationId).digest('hex').slice(0, 16)}`) % 10n ** 11n;
  return `62225${digits.toString().padStart(11, '0')}`;
}

const referenceOf = (applicationId: string, at: Date): string => `AO-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${applicationId.replaceAll('-', '').slice(0, 12).toUpperCase()}`;

async function stored(db: Queryable, applicationId: string): Promise<Opened | null> {
  const { rows } = await db.query<{ account_id: string; account_number: string; reference: string }>(
    `SELECT o.account_id, a.account_number, o.reference FROM demo_bank_account_openings o JOIN demo_bank_accounts a ON a.account_id = o.account_id WHERE o.application_id = $1`,
    [applicationId],
  );
  const row = rows[0];
  return row ? { outcome: 'opened', accountId: row.account_id, maskedAccount: maskOpenedAccount(row.account_number), reference: row.reference } : null;
}

async function customerFor(tx: Queryable, hmac: string): Promise<string | null> {
  const known = await tx.query<{ customer_id: string }>(
    `SELECT customer_id FROM demo_bank_identities WHERE id_number_hmac = $1
     UNION ALL SELECT customer_id FROM demo_bank_account_openings WHERE id_number_hmac = $1 LIMIT 1`,
    [hmac],
  );
  return known.rows[0]?.customer_id ?? null;
}

class LostRace extends Error {}

export async function openDemoAccount(db: Database, input: OpenAccountInput, at: Date): Promise<OpenAccountResult> {
  const first = await stored(db, input.applicationId);
  if (first) return first;
  const compact = input.applicationId.replaceAll('-', '').slice(0, 12).toUpperCase();
  try {
    return await db.transaction(async (tx): Promise<OpenAccountResult> => {
      // A resident ID number as ID sign-in keys it; a passport number apart, so the two never meet.
      const hmac = idNumberHmac(input.document.kind === 'cn-id' ? input.document.idNumber : `passport\u0000${input.document.nationality}\u0000${input.document.idNumber}`);
      let customerId = await customerFor(tx, hmac);
      if (!customerId) {
        customerId = `C-${compact}`;
        await tx.query('INSERT INTO demo_bank_customers (customer_id, display_name) VALUES ($1, $2)', [customerId, input.document.name]);
      }
      const accountId = `A-${compact}`;
      const accountNumber = accountNumberOf(input.applicationId);
      await tx.query(
        `INSERT INTO demo_bank_accounts (account_id, customer_id, account_number, kind, name_zh, name_en, currency, balance_minor) VALUES ($1, $2, $3, 'current', '活期账户', 'Current account', 'CNY', 0)`,
        [accountId, customerId, accountNumber],
      );
      const reference = referenceOf(input.applicationId, at);
      const claimed = await tx.query(
        `INSERT INTO demo_bank_account_openings (application_id, kiosk_id, customer_id, account_id, id_number_hmac, reference, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (application_id) DO NOTHING RETURNING application_id`,
        [input.applicationId, input.kioskId, customerId, accountId, hmac, reference, at.toISOString()],
      );
      // Another call opened it meanwhile (PostgreSQL, concurrent replays): undo ours, answer theirs.
      if (claimed.rows.length === 0) throw new LostRace();
      return { outcome: 'opened', accountId, maskedAccount: maskOpenedAccount(accountNumber), reference };
    });
  } catch (error) {
    const theirs = await stored(db, input.applicationId);
    if (theirs) return theirs;
    throw error;
  }
}
