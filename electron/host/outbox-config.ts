// The `outbox` section of the host configuration: storage limits (back-pressure), offline
// rules, which payload fields are encrypted, and where the field key comes from.
import { z } from 'zod';
import { defaultOfflineRules, offlineRulesSchema } from './offline-rules.js';

export const outboxConfigSchema = z
  .object({
    maxBacklog: z.number().int().positive().default(200_000),
    maxDbBytes: z.number().int().positive().default(1024 ** 3),
    minFreeDiskBytes: z.number().int().nonnegative().default(200 * 1024 ** 2),
    offlineRules: offlineRulesSchema.default(defaultOfflineRules),
    /**
     * Top-level payload fields stored AES-256-GCM encrypted, per outbox row type (the type the
     * row is enqueued under, not the journey's name in offline rules and analytics:
     * `account.opening`, not `account.open`). outbox-config.test.ts holds each key to a type the
     * host enqueues. Today's account-opening and card-replacement rows carry no personal data;
     * these make any that is added later encrypted.
     */
    sensitiveFields: z.record(z.string(), z.array(z.string().min(1))).default({
      'account.opening': ['name', 'idNumber', 'phone', 'address'],
      'bill.payment': ['accountNumber', 'payerName', 'authorisation'],
      'card.replacement': ['name', 'idNumber', 'phone'],
      'assist.callback.requested': ['phone'],
      'customer.feedback.given': ['comment', 'phone'],
    }),
    /** `safe-storage` is only possible under Electron (main.ts); elsewhere env var or key file. */
    keySource: z.enum(['auto', 'env', 'file', 'safe-storage']).default('auto'),
    /** Linux without a keyring: accept safeStorage's unprotected `basic_text` backend. */
    allowBasicTextKeyStore: z.boolean().default(false),
    requestTimeoutMs: z.number().int().min(100).default(10_000),
  })
  .strict();
export type OutboxConfig = z.infer<typeof outboxConfigSchema>;
