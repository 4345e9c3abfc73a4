// Fills the demo bank's tables once (hub start with the demo adapter). Run in one transaction
// that first claims the seed version: two hub instances starting together seed once, and a
// database already seeded (or holding a tester's payments) is never reset.
import type { Database, Queryable } from '../../storage/queryable.js';
import { maskPan } from '../card-seal.node.js';
import { idNumberHmac, panHmac, pinVerificationValue } from './demo-crypto.node.js';
import { IDENTITY_SEED_VERSION, SEED_BILLERS, SEED_BILLS, SEED_CUSTOMERS, SEED_VERSION, type SeedAccount } from './demo-seed-data.js';

export const DEMO_CURRENCY = 'CNY';

async function seedAccount(tx: Queryable, customerId: string, account: SeedAccount): Promise<void> {
  await tx.query(
    `INSERT INTO demo_bank_accounts (account_id, customer_id, account_number, kind, name_zh, name_en, currency, balance_minor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [account.accountId, customerId, account.accountNumber, account.kind, account.name.zh, account.name.en, DEMO_CURRENCY, account.balanceMinor],
  );
  const moved = account.history.reduce((sum, entry) => sum + entry.amountMinor, 0);
  let balance = account.balanceMinor - moved;
  for (const entry of account.history) {
    balance += entry.amountMinor;
    await tx.query(
      'INSERT INTO demo_bank_ledger (account_id, amount_minor, balance_after_minor, description, booked_at) VALUES ($1, $2, $3, $4, $5)',
      [account.accountId, entry.amountMinor, balance, entry.description, entry.at],
    );
  }
}

/** True when this call seeded the tables, false when they already were. */
export async function seedDemoBank(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query('INSERT INTO demo_bank_seed (version) VALUES ($1) ON CONFLICT (version) DO NOTHING RETURNING version', [SEED_VERSION]);
    if (claimed.rows.length === 0) return false;
    for (const customer of SEED_CUSTOMERS) {
      await tx.query('INSERT INTO demo_bank_customers (customer_id, display_name) VALUES ($1, $2)', [customer.customerId, customer.displayName]);
      for (const account of customer.accounts) await seedAccount(tx, customer.customerId, account);
      for (const card of customer.cards) {
        await tx.query(
          `INSERT INTO demo_bank_cards (card_id, customer_id, pan_hmac, masked_pan, expiry, service_code, status, pvv)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [card.cardId, customer.customerId, panHmac(card.pan), maskPan(card.pan), card.expiry, card.serviceCode, card.status, pinVerificationValue(card.pan, Buffer.from(card.pin, 'ascii'))],
        );
      }
    }
    for (const [index, biller] of SEED_BILLERS.entries()) {
      await tx.query(
        `INSERT INTO demo_bank_billers (biller_id, category, name_zh, name_en, reference_label_zh, reference_label_en, reference_pattern, fee_minor, currency, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [biller.billerId, biller.category, biller.name.zh, biller.name.en, biller.referenceLabel.zh, biller.referenceLabel.en, biller.referencePattern, biller.feeMinor, DEMO_CURRENCY, index],
      );
    }
    for (const bill of SEED_BILLS) {
      await tx.query(
        `INSERT INTO demo_bank_bills (bill_id, biller_id, reference, payee_name, period, amount_minor, currency, due_date, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [bill.billId, bill.billerId, bill.reference, bill.payeeName, bill.period, bill.amountMinor, DEMO_CURRENCY, bill.dueDate, bill.status],
      );
    }
    return true;
  });
}

/** The customers' ID numbers (statements by ID card + PIN); once, also on a bank seeded before them. */
export async function seedDemoIdentities(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query('INSERT INTO demo_bank_seed (version) VALUES ($1) ON CONFLICT (version) DO NOTHING RETURNING version', [IDENTITY_SEED_VERSION]);
    if (claimed.rows.length === 0) return false;
    for (const customer of SEED_CUSTOMERS) {
      const card = customer.cards[0];
      if (!customer.idNumber || !card) continue;
      await tx.query('INSERT INTO demo_bank_identities (id_number_hmac, customer_id, card_id, pvv) VALUES ($1, $2, $3, $4)', [
        idNumberHmac(customer.idNumber),
        customer.customerId,
        card.cardId,
        pinVerificationValue(customer.idNumber, Buffer.from(card.pin, 'ascii')),
      ]);
    }
    return true;
  });
}
