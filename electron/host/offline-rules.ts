// Offline rules, explicit per transaction type (DESIGN §5): whether the type may run while the
// hub is unreachable, and how much risk the kiosk may take alone — per-transaction amount,
// cumulative amount and count of what the hub has not yet confirmed, and how long since the
// last contact with the hub. Pure, so the page-facing list and enforcement share one verdict.
import { z } from 'zod';
import type { UnavailableReason } from '../bridge/contract.js';

export const offlineRuleSchema = z
  .object({
    allowedOffline: z.boolean(),
    /** Minor units (fen); the largest single transaction accepted offline. */
    maxAmountMinor: z.number().int().nonnegative().optional(),
    /** Minor units; the sum of this type's not-yet-confirmed transactions. */
    maxTotalAmountMinor: z.number().int().nonnegative().optional(),
    /** Not-yet-confirmed transactions of this type. */
    maxCount: z.number().int().nonnegative().optional(),
    /** Time since the last successful sync after which the type stops. */
    maxOfflineMs: z.number().int().positive().optional(),
  })
  .strict();
export type OfflineRule = z.infer<typeof offlineRuleSchema>;
export const offlineRulesSchema = z.record(z.string(), offlineRuleSchema);
export type OfflineRules = z.infer<typeof offlineRulesSchema>;

const HOUR = 3_600_000;

/** Tickets never move money: always allowed. Money and identity need the hub, or caps. */
export const defaultOfflineRules: OfflineRules = {
  'queue.ticket.issued': { allowedOffline: true },
  'assist.callback.requested': { allowedOffline: true },
  'customer.feedback.given': { allowedOffline: true },
  'customer.recommendation': { allowedOffline: true },
  'bill.payment': { allowedOffline: true, maxAmountMinor: 200_000, maxTotalAmountMinor: 1_000_000, maxCount: 20, maxOfflineMs: 4 * HOUR },
  'account.open': { allowedOffline: false },
  'card.replace': { allowedOffline: false },
  'statement.print': { allowedOffline: false },
};

export interface OfflineContext {
  online: boolean;
  /** Milliseconds since the last successful sync; null when the kiosk never reached the hub. */
  offlineForMs: number | null;
  /** This type's transactions the hub has not confirmed yet. */
  exposure: { count: number; amountMinor: number };
}

export type Verdict = { ok: true } | { ok: false; code: Extract<UnavailableReason, 'OFFLINE_NOT_ALLOWED' | 'OFFLINE_LIMIT'>; detail: string };

const OK: Verdict = { ok: true };

/**
 * May a transaction of this rule start now? `amountMinor` is null when asking before the
 * customer has chosen an amount (the availability list): then only caps already reached count.
 */
export function judgeOffline(rule: OfflineRule | undefined, ctx: OfflineContext, amountMinor: number | null): Verdict {
  if (ctx.online) return OK;
  if (!rule || !rule.allowedOffline) return { ok: false, code: 'OFFLINE_NOT_ALLOWED', detail: 'not available while the hub is unreachable' };
  const limit = (detail: string): Verdict => ({ ok: false, code: 'OFFLINE_LIMIT', detail });
  if (rule.maxOfflineMs !== undefined && (ctx.offlineForMs === null || ctx.offlineForMs > rule.maxOfflineMs)) return limit('offline for too long');
  if (rule.maxCount !== undefined && ctx.exposure.count >= rule.maxCount) return limit('offline count limit reached');
  const amount = amountMinor ?? 0;
  if (rule.maxAmountMinor !== undefined && amount > rule.maxAmountMinor) return limit('amount above the offline limit');
  if (rule.maxTotalAmountMinor !== undefined && ctx.exposure.amountMinor + amount > rule.maxTotalAmountMinor) return limit('offline total amount limit reached');
  if (rule.maxTotalAmountMinor !== undefined && amountMinor === null && ctx.exposure.amountMinor >= rule.maxTotalAmountMinor) return limit('offline total amount limit reached');
  return OK;
}
