// What the page sees of "Balances and statements" (DESIGN §9): one host-run journey behind one
// card + PIN — the balances of the customer's accounts, an account's last entries on screen
// (optionally printed), and a statement for a period printed page by page. Like bill payment,
// each phase carries exactly its own data and the page only renders; no state holds a PAN, a
// PIN digit or a sealed card. Account numbers are masked as the bank sends them.
import { z } from 'zod';
import { maskedIdNumberSchema } from '../../protocol/card-security.js';
import { accountSummarySchema, declineReasonSchema, MAX_MINI_STATEMENT, statementEntrySchema } from '../../protocol/core-banking.js';
import { receiptStateSchema } from './bill-payment-contract.js';

const maskedPanSchema = z.string().regex(/^\d{6}\*{2,9}\d{4}$/);
const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const accountIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Printed on every slip and statement page, and in the outbox row the hub stores: both sides agree on it. */
export const receiptNumberSchema = z.string().regex(/^[A-Z0-9-]{6,40}$/);

export const statementPeriodSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] });
export type StatementPeriod = z.infer<typeof statementPeriodSchema>;

/** Why the journey ended before the customer finished it. */
export const accountServicesStopSchema = z.enum(['customer', 'timeout', 'card-removed', 'declined', 'device', 'hub-unreachable']);
export type AccountServicesStop = z.infer<typeof accountServicesStopSchema>;

/** Why statement printing waits: the rest prints from `page` once the printer is ready again. */
export const printPauseSchema = z.enum(['paper-out', 'cover-open', 'printer-error']);
export type PrintPause = z.infer<typeof printPauseSchema>;

const card = { maskedPan: maskedPanSchema };
/** Who is signing in: a card, or a China ID card (statements by ID card + PIN). */
const holder = { maskedPan: maskedPanSchema.optional(), maskedId: maskedIdNumberSchema.optional() };
const oneHolder = (s: { maskedPan?: string | undefined; maskedId?: string | undefined }) => (s.maskedPan === undefined) !== (s.maskedId === undefined);
const holderMessage = { message: 'exactly one of maskedPan and maskedId', path: ['maskedPan'] };
const pages = { page: z.number().int().min(1), pages: z.number().int().min(1) };

export const accountServicesStateSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('idle') }).strict(),
  /** Insert (or swipe) the card; `insertChip` after a chip card was swiped. */
  /** `idCard`: a China ID card on the ID reader is taken too (then the PIN of the holder's debit card). */
  z.object({ phase: z.literal('card'), insertChip: z.boolean(), idCard: z.boolean().optional() }).strict(),
  /** The PIN for the card, or — signed in by China ID card — for the holder's debit card (`maskedId` instead of `maskedPan`). */
  z
    .object({ phase: z.literal('pin'), ...holder, digits: z.number().int().min(0).max(12), triesLeft: z.number().int().min(0).max(9).optional() })
    .strict()
    .refine(oneHolder, holderMessage),
  z.object({ phase: z.literal('authorising'), ...holder }).strict().refine(oneHolder, holderMessage),
  /**
   * Balances of every account on the card. `receipt`: the balance slip, when the customer asked
   * for one. `problem`: the last request for this card could not be answered (the list stays).
   */
  z
    .object({
      phase: z.literal('accounts'),
      ...card,
      accounts: z.array(accountSummarySchema).min(1).max(50),
      receiptNumber: receiptNumberSchema,
      receipt: receiptStateSchema.optional(),
      problem: z.enum(['hub-unreachable', 'declined']).optional(),
    })
    .strict(),
  /** Waiting on the hub for an account's entries (the page shows progress after 300 ms). */
  z.object({ phase: z.literal('loading'), ...card, accountId: accountIdSchema, what: z.enum(['mini-statement', 'statement']) }).strict(),
  /** The account's last entries, newest first; `receipt` when printed. */
  z
    .object({
      phase: z.literal('mini-statement'),
      ...card,
      account: accountSummarySchema,
      entries: z.array(statementEntrySchema).max(MAX_MINI_STATEMENT),
      receiptNumber: receiptNumberSchema,
      receipt: receiptStateSchema.optional(),
    })
    .strict(),
  /**
   * Choose the statement's period: from `earliest` (the oldest the bank keeps) to `today`.
   * `problem`: the last period chosen had no entries, or was longer than `maxDays`.
   */
  z
    .object({
      phase: z.literal('statement-period'),
      ...card,
      account: accountSummarySchema,
      earliest: isoDateSchema,
      today: isoDateSchema,
      maxDays: z.number().int().min(1).max(3660),
      problem: z.enum(['no-entries', 'too-long']).optional(),
    })
    .strict(),
  /** Printing `page` of `pages`; pages before it are out of the printer. */
  z.object({ phase: z.literal('printing'), ...card, account: accountSummarySchema, period: statementPeriodSchema, receiptNumber: receiptNumberSchema, ...pages }).strict(),
  /** Stopped at `page` (not yet out, or torn by the fault): it prints again from there, never a page twice. */
  z
    .object({
      phase: z.literal('print-paused'),
      ...card,
      account: accountSummarySchema,
      period: statementPeriodSchema,
      receiptNumber: receiptNumberSchema,
      ...pages,
      reason: printPauseSchema,
    })
    .strict(),
  /** The statement is out (or the customer stopped it: `printedPages` < `pages`). */
  z
    .object({
      phase: z.literal('statement-done'),
      ...card,
      account: accountSummarySchema,
      period: statementPeriodSchema,
      receiptNumber: receiptNumberSchema,
      pages: z.number().int().min(1),
      printedPages: z.number().int().min(0),
    })
    .strict(),
  z.object({ phase: z.literal('stopped'), reason: accountServicesStopSchema, declined: declineReasonSchema.optional() }).strict(),
]);
export type AccountServicesState = z.infer<typeof accountServicesStateSchema>;
export type AccountServicesPhase = AccountServicesState['phase'];

export const accountServicesStatusSchema = z.object({ seq: z.number().int().nonnegative(), state: accountServicesStateSchema });
export type AccountServicesStatus = z.infer<typeof accountServicesStatusSchema>;

const empty = z.object({}).strict();
// contract.ts's localeSchema, restated: that file imports this one.
const sessionLocaleSchema = z.enum(['zh-CN', 'en']);
const withLocale = z.object({ locale: sessionLocaleSchema }).strict();
const onAccount = z.object({ accountId: accountIdSchema }).strict();

// Each request answers the journey's status at once; what happens next (the card, PIN digits,
// the hub's answer, each printed page) arrives as `accounts.state` events, newest seq wins.
// Slips and statements print in `locale`, the language on screen when the customer asked.
export const accountServicesRequests = {
  'accounts.status': { input: empty, output: accountServicesStatusSchema },
  /** The customer chose "Balances and statements": card, then PIN, then the balances. */
  'accounts.start': { input: empty, output: accountServicesStatusSchema },
  /** Print the balances shown (masked numbers) on a slip. */
  'accounts.printBalances': { input: withLocale, output: accountServicesStatusSchema },
  'accounts.showMiniStatement': { input: onAccount, output: accountServicesStatusSchema },
  'accounts.printMiniStatement': { input: withLocale, output: accountServicesStatusSchema },
  /** Open the period choice for a printed statement of this account. */
  'accounts.chooseStatement': { input: onAccount, output: accountServicesStatusSchema },
  'accounts.printStatement': { input: z.object({ locale: sessionLocaleSchema, period: statementPeriodSchema }).strict(), output: accountServicesStatusSchema },
  /** After `print-paused`: go on from the page that failed (staff replaced the paper). */
  'accounts.resumePrint': { input: empty, output: accountServicesStatusSchema },
  /** Back to the balances from a mini-statement, a period choice, a paused or a finished statement. */
  'accounts.backToAccounts': { input: empty, output: accountServicesStatusSchema },
  /** During a statement, "Stop printing": the page in the printer comes out, the rest is not printed, statement-done says how many. Elsewhere the journey ends. */
  'accounts.cancel': { input: empty, output: z.object({ cancelled: z.boolean(), status: accountServicesStatusSchema }) },
  /** Done: the card is released, the hub's card session ended, the journey over. */
  'accounts.finish': { input: empty, output: accountServicesStatusSchema },
} as const;

export const accountServicesEvents = {
  'accounts.state': accountServicesStatusSchema,
} as const;
