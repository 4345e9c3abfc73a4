// Card replacement in the demo bank (protocol/card-replacement.ts): a dispensed card of the
// bank's stock (BIN 622202, not yet anyone's) is linked to the customer with the PIN they typed
// twice, the fee is debited, and the card waits as `issued` until the kiosk says it was taken
// (`active`) or captured (`voided`, the fee credited back). Each step runs in one database
// transaction and is idempotent on (kiosk, key): the first answer is every replay's answer.
import { createHash, randomUUID } from 'node:crypto';
import type { ReplacementFees } from '../../../protocol/card-replacement.js';
import type { Declined } from '../../../protocol/core-banking.js';
import { moneyEquals, moneySchema, type Money } from '../../../protocol/money.js';
import type { Database, Queryable } from '../../storage/queryable.js';
import { CardSealError, maskPan, openSealedCard, type CardKeyPair } from '../card-seal.node.js';
import { IdempotencyConflictError, type CompleteIssueResult, type IssueCardInput, type IssueCardResult, type IssueFirstCardInput } from '../core-banking-adapter.js';
import type { PinKeyLookup } from './demo-card-check.node.js';
import { decryptPinBlock, panHmac, pinVerificationValue } from './demo-crypto.node.js';
import * as q from './demo-queries.js';

/** The demo bank's fees: ¥10.00 for a lost or stolen card, ¥5.00 for a damaged one. */
export const DEMO_REPLACEMENT_FEES: ReplacementFees = { lost: { minor: 1_000, currency: 'CNY' }, stolen: { minor: 1_000, currency: 'CNY' }, damaged: { minor: 500, currency: 'CNY' } };
/** The bank's own card range: a dispensed card from elsewhere is not ours to issue. */
const OUR_BIN = '622202';

const declined = (reason: Declined['reason']): Declined => ({ outcome: 'declined', reason });

const requestHash = (input: IssueCardInput): string =>
  createHash('sha256')
    .update(JSON.stringify([input.cardRef, input.replaces, input.reason, input.feeAccountId, input.fee.minor, input.fee.currency, input.newCard.masked]))
    .digest('hex');

/** "CR-20261205-1A2B3C4D5E6F": on the receipt. */
const issueReference = (id: string, at: Date): string => `CR-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${id.replaceAll('-', '').slice(0, 12).toUpperCase()}`;

interface IssueRow {
  request_hash: string;
  result: IssueCardResult;
  status: 'claimed' | 'declined' | 'issued' | 'activated' | 'voided';
  new_card_id: string | null;
  replaces: string | null;
  reason: string | null;
  account_id: string | null;
  fee_minor: unknown;
  currency: string | null;
}

async function ledger(tx: Queryable, accountId: string, amountMinor: number, description: string, at: Date): Promise<boolean> {
  const { rows } = await tx.query<{ balance_minor: unknown }>('UPDATE demo_bank_accounts SET balance_minor = balance_minor + $2 WHERE account_id = $1 AND balance_minor + $2 >= 0 RETURNING balance_minor', [accountId, amountMinor]);
  const after = rows[0];
  if (!after) return false;
  await tx.query('INSERT INTO demo_bank_ledger (account_id, amount_minor, balance_after_minor, description, booked_at) VALUES ($1, $2, $3, $4, $5)', [accountId, amountMinor, Number(after.balance_minor), description, at.toISOString()]);
  return true;
}

/** The issue itself, in the caller's transaction; a decline changes nothing. */
/** The new card and both PINs as the bank reads them, before any transaction (key lookups use the database too). */
type Opened = { ok: true; pan: string; expiry: string; serviceCode: string; pin: Buffer | null; confirm: Buffer | null } | { ok: false; declined: Declined };

async function openRequest(cardKey: CardKeyPair, input: Pick<IssueCardInput, 'newCard' | 'pin' | 'confirm'>, pinKey: PinKeyLookup): Promise<Opened> {
  let pan: string;
  let expiry: string;
  let serviceCode: string;
  try {
    const secret = openSealedCard(cardKey, input.newCard);
    ({ pan, expiry } = secret);
    serviceCode = secret.serviceCode ?? '201';
  } catch (error) {
    if (error instanceof CardSealError) return { ok: false, declined: declined('card-unreadable') };
    throw error;
  }
  const [pin, confirm] = await Promise.all(
    [input.pin, input.confirm].map(async (block) => {
      const key = await pinKey(block);
      return key === null ? null : decryptPinBlock(block, pan, key === 'shared-demo' ? undefined : key);
    }),
  );
  return { ok: true, pan, expiry, serviceCode, pin: pin ?? null, confirm: confirm ?? null };
}

async function issue(tx: Queryable, input: IssueCardInput, opened: Extract<Opened, { ok: true }>, at: Date): Promise<IssueCardResult> {
  const holder = await q.cardById(tx, input.cardRef);
  if (!holder) return declined('unknown-card');
  const replaced = await q.cardById(tx, input.replaces);
  if (!replaced || replaced.customer_id !== holder.customer_id) return declined('unknown-card');
  if (!moneyEquals(input.fee, DEMO_REPLACEMENT_FEES[input.reason])) return declined('amount-mismatch');
  const account = await q.accountOf(tx, holder.customer_id, input.feeAccountId);
  if (!account) return declined('unknown-account');
  if (account.available.currency !== input.fee.currency) return declined('currency-mismatch');

  const refusal = await newCardRefusal(tx, opened);
  if (refusal) return refusal;
  const { pan } = opened;
  if (input.fee.minor > 0 && !(await ledger(tx, account.accountId, -input.fee.minor, `补卡工本费 / Card replacement fee ${maskPan(pan)}`, at))) return declined('insufficient-funds');
  const cardId = await insertIssuedCard(tx, holder.customer_id, opened);
  // A lost or stolen card is blocked at once (the kiosk blocked it already; this makes sure).
  if (input.reason !== 'damaged') await tx.query(`UPDATE demo_bank_cards SET status = 'blocked' WHERE card_id = $1 AND status = 'active'`, [replaced.card_id]);
  return { outcome: 'issued', cardId, maskedPan: maskPan(pan), fee: input.fee, reference: issueReference(randomUUID(), at) };
}

/** Checks that hold for any new card: ours, not issued before, the same PIN typed twice. Null when they pass. */
async function newCardRefusal(tx: Queryable, opened: Extract<Opened, { ok: true }>): Promise<Declined | null> {
  const { pan, pin, confirm } = opened;
  if (!pan.startsWith(OUR_BIN) || (await q.cardByPanHmac(tx, panHmac(pan)))) return declined('card-not-issuable');
  if (!pin || !confirm) return declined('pin-block-invalid');
  if (!pin.equals(confirm)) return declined('pin-mismatch');
  return null;
}

/** The first card of an account opened at the kiosk: linked to its holder, no fee. */
async function issueFirst(tx: Queryable, input: IssueFirstCardInput, opened: Extract<Opened, { ok: true }>, at: Date): Promise<IssueCardResult> {
  const { rows } = await tx.query<{ customer_id: string; currency: string }>('SELECT customer_id, currency FROM demo_bank_accounts WHERE account_id = $1', [input.accountId]);
  const account = rows[0];
  if (!account) return declined('unknown-account');
  const refusal = await newCardRefusal(tx, opened);
  if (refusal) return refusal;
  const cardId = await insertIssuedCard(tx, account.customer_id, opened);
  return { outcome: 'issued', cardId, maskedPan: maskPan(opened.pan), fee: moneySchema.parse({ minor: 0, currency: account.currency }), reference: issueReference(randomUUID(), at) };
}

async function insertIssuedCard(tx: Queryable, customerId: string, opened: Extract<Opened, { ok: true }>): Promise<string> {
  const { pan, expiry, serviceCode, pin } = opened;
  const cardId = `K${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;
  await tx.query(
    `INSERT INTO demo_bank_cards (card_id, customer_id, pan_hmac, masked_pan, expiry, service_code, status, pvv) VALUES ($1, $2, $3, $4, $5, $6, 'issued', $7)`,
    [cardId, customerId, panHmac(pan), maskPan(pan), expiry, serviceCode, pinVerificationValue(pan, pin!)],
  );
  return cardId;
}

export async function issueDemoCard(db: Database, cardKey: CardKeyPair, input: IssueCardInput, at: Date, pinKey: PinKeyLookup): Promise<IssueCardResult> {
  return withOpened(cardKey, input, pinKey, (opened) =>
    claimAndIssue(db, { kioskId: input.kioskId, idempotencyKey: input.idempotencyKey, hash: requestHash(input), replaces: input.replaces, reason: input.reason, accountId: input.feeAccountId, at }, (tx) =>
      opened.ok ? issue(tx, input, opened, at) : Promise.resolve(opened.declined),
    ),
  );
}

export async function issueDemoFirstCard(db: Database, cardKey: CardKeyPair, input: IssueFirstCardInput, at: Date, pinKey: PinKeyLookup): Promise<IssueCardResult> {
  const hash = createHash('sha256').update(JSON.stringify(['first', input.accountId, input.newCard.masked])).digest('hex');
  return withOpened(cardKey, input, pinKey, (opened) =>
    claimAndIssue(db, { kioskId: input.kioskId, idempotencyKey: input.idempotencyKey, hash, replaces: null, reason: 'first', accountId: input.accountId, at }, (tx) =>
      opened.ok ? issueFirst(tx, input, opened, at) : Promise.resolve(opened.declined),
    ),
  );
}

async function withOpened<T>(cardKey: CardKeyPair, input: Pick<IssueCardInput, 'newCard' | 'pin' | 'confirm' | 'kioskId'>, pinKey: PinKeyLookup, run: (opened: Opened) => Promise<T>): Promise<T> {
  // Outside the transaction: the PIN key lookup reads the database, and an embedded PGlite
  // (one connection) would wait on its own open transaction for ever.
  const opened = await openRequest(cardKey, input, pinKey);
  try {
    return await run(opened);
  } finally {
    if (opened.ok) {
      opened.pin?.fill(0);
      opened.confirm?.fill(0);
    }
  }
}

interface IssueClaim {
  kioskId: string;
  idempotencyKey: string;
  hash: string;
  replaces: string | null;
  reason: string;
  accountId: string;
  at: Date;
}

async function claimAndIssue(db: Database, claim: IssueClaim, run: (tx: Queryable) => Promise<IssueCardResult>): Promise<IssueCardResult> {
  return db.transaction(async (tx) => {
    // Claimed first: a concurrent replay waits on the key, then reads the first answer.
    const claimed = await tx.query(
      `INSERT INTO demo_bank_card_issues (kiosk_id, idem_key, request_hash, result, status, created_at) VALUES ($1, $2, $3, '{}'::jsonb, 'claimed', $4) ON CONFLICT (kiosk_id, idem_key) DO NOTHING RETURNING kiosk_id`,
      [claim.kioskId, claim.idempotencyKey, claim.hash, claim.at.toISOString()],
    );
    if (claimed.rows.length === 0) {
      const { rows } = await tx.query<IssueRow>('SELECT * FROM demo_bank_card_issues WHERE kiosk_id = $1 AND idem_key = $2', [claim.kioskId, claim.idempotencyKey]);
      const first = rows[0];
      if (!first) throw new Error('demo bank: card issue row vanished');
      if (first.request_hash !== claim.hash) throw new IdempotencyConflictError(claim.idempotencyKey);
      return first.result;
    }
    const result = await run(tx);
    await tx.query(
      `UPDATE demo_bank_card_issues SET result = $3, status = $4, new_card_id = $5, replaces = $6, reason = $7, account_id = $8, fee_minor = $9, currency = $10 WHERE kiosk_id = $1 AND idem_key = $2`,
      [
        claim.kioskId,
        claim.idempotencyKey,
        JSON.stringify(result),
        result.outcome === 'issued' ? 'issued' : 'declined',
        result.outcome === 'issued' ? result.cardId : null,
        claim.replaces,
        claim.reason,
        claim.accountId,
        result.outcome === 'issued' ? result.fee.minor : null,
        result.outcome === 'issued' ? result.fee.currency : null,
      ],
    );
    return result;
  });
}

/** Taken: the new card becomes usable (a damaged one it replaces is blocked). Not taken: voided, fee refunded. Idempotent. */
export async function completeDemoCardIssue(db: Database, input: { kioskId: string; idempotencyKey: string; taken: boolean }, at: Date): Promise<CompleteIssueResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<IssueRow>('SELECT * FROM demo_bank_card_issues WHERE kiosk_id = $1 AND idem_key = $2 FOR UPDATE', [input.kioskId, input.idempotencyKey]);
    const row = rows[0];
    if (!row || !row.new_card_id || (row.status !== 'issued' && row.status !== 'activated' && row.status !== 'voided')) return declined('unknown-card');
    const fee: Money = moneySchema.parse({ minor: Number(row.fee_minor ?? 0), currency: row.currency ?? 'CNY' });
    const summary = async () => {
      const card = await q.cardById(tx, row.new_card_id!);
      if (!card) throw new Error('demo bank: issued card vanished');
      return q.cardSummary(card, at);
    };
    // Already completed: the same answer again, whichever way it is asked now.
    if (row.status === 'activated') return { outcome: 'activated', card: await summary() };
    if (row.status === 'voided') return { outcome: 'voided', refunded: fee };
    if (input.taken) {
      await tx.query(`UPDATE demo_bank_cards SET status = 'active' WHERE card_id = $1`, [row.new_card_id]);
      if (row.reason === 'damaged' && row.replaces) await tx.query(`UPDATE demo_bank_cards SET status = 'blocked' WHERE card_id = $1 AND status = 'active'`, [row.replaces]);
      await tx.query(`UPDATE demo_bank_card_issues SET status = 'activated', completed_at = $3 WHERE kiosk_id = $1 AND idem_key = $2`, [input.kioskId, input.idempotencyKey, at.toISOString()]);
      return { outcome: 'activated', card: await summary() };
    }
    await tx.query(`UPDATE demo_bank_cards SET status = 'voided' WHERE card_id = $1`, [row.new_card_id]);
    if (fee.minor > 0 && row.account_id) await ledger(tx, row.account_id, fee.minor, '退还补卡工本费 / Card replacement fee refunded', at);
    await tx.query(`UPDATE demo_bank_card_issues SET status = 'voided', completed_at = $3 WHERE kiosk_id = $1 AND idem_key = $2`, [input.kioskId, input.idempotencyKey, at.toISOString()]);
    return { outcome: 'voided', refunded: fee };
  });
}
