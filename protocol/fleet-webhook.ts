// The alert webhook as staff set it: where alerts go outside the hub (a bank's ticketing
// system), with which secret they are signed, which alert kinds go, and whether it is on.
// Imports only zod.
//
//   GET  /v1/staff/fleet/webhook        the settings; the secret never leaves the hub (only `secretSet`)
//   PUT  /v1/staff/fleet/webhook        change them (admin, operations); audited with who and when
//   POST /v1/staff/fleet/webhook/test   send one signed test body to the saved URL now
//   GET  /v1/staff/fleet/webhook/audit  who changed or tested it, when, and what (never the secret)
//
// Deliveries are signed as WEBHOOK_HEADERS (protocol/fleet-alerts.ts) says; a test body has
// `event: 'webhook.test'` so a receiver can tell it from an alert.
import { z } from 'zod';
import { alertKindSchema } from './fleet-alerts.js';

export const FLEET_WEBHOOK_PATHS = {
  settings: '/v1/staff/fleet/webhook',
  test: '/v1/staff/fleet/webhook/test',
  audit: '/v1/staff/fleet/webhook/audit',
} as const;

const LOOPBACK_HOST = '127.0.0.1';

function urlOf(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * https, or http to 127.0.0.1 only (a receiver on the hub's own machine: tests, development,
 * a local relay): alert bodies and their signatures must not cross a network in clear. No
 * user:password in the URL: the URL is shown back to staff, the secret never is.
 */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(500)
  // Refinements run even when the URL check failed: parse without throwing.
  .refine((text) => {
    const url = urlOf(text);
    return url !== null && (url.protocol === 'https:' || url.hostname === LOOPBACK_HOST);
  }, 'an https URL (http only to 127.0.0.1)')
  .refine((text) => {
    const url = urlOf(text);
    return url !== null && url.username === '' && url.password === '';
  }, 'no user or password in the URL: the secret signs the deliveries');

/** HMAC key of the signature header; long enough that guessing it is hopeless. */
export const webhookSecretSchema = z.string().min(16).max(256);

export const webhookKindsSchema = z
  .array(alertKindSchema)
  .min(1, 'subscribe to at least one alert kind; to stop deliveries, turn the webhook off')
  .refine((kinds) => new Set(kinds).size === kinds.length, 'each alert kind once');

export const webhookSettingsRequestSchema = z
  .object({
    url: webhookUrlSchema,
    /** Write-only. Omitted: keep the stored secret (required when there is none yet). */
    secret: webhookSecretSchema.optional(),
    kinds: webhookKindsSchema,
    enabled: z.boolean(),
  })
  .strict();
export type WebhookSettingsRequest = z.infer<typeof webhookSettingsRequestSchema>;

export const webhookSettingsSchema = z
  .object({
    /** `hub`: set through this API; `environment`: HUB_ALERT_WEBHOOK_* (until someone saves); `none`. */
    source: z.enum(['hub', 'environment', 'none']),
    url: z.string().nullable(),
    kinds: z.array(alertKindSchema),
    enabled: z.boolean(),
    /** Whether a secret is stored; the secret itself is never sent. */
    secretSet: z.boolean(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    updatedByName: z.string().nullable(),
  })
  .strict();
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** What a test send found; `status` is the receiver's HTTP status when it answered. */
export const webhookTestResultSchema = z
  .object({ ok: z.boolean(), deliveryId: z.uuid(), status: z.number().int().nullable(), error: z.string().nullable() })
  .strict();
export type WebhookTestResult = z.infer<typeof webhookTestResultSchema>;

/** The body of a test send, signed like an alert delivery. */
export const webhookTestBodySchema = z
  .object({ event: z.literal('webhook.test'), deliveryId: z.uuid(), at: z.string(), by: z.string() })
  .strict();
export type WebhookTestBody = z.infer<typeof webhookTestBodySchema>;

/** One change or test of the webhook; `detail` names URL, kinds, on/off and whether the secret changed, or the test's outcome. */
export const webhookAuditEntrySchema = z
  .object({
    event: z.enum(['changed', 'tested']),
    actor: z.string(),
    actorName: z.string().nullable(),
    at: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .strict();
export type WebhookAuditEntry = z.infer<typeof webhookAuditEntrySchema>;
export const webhookAuditResponseSchema = z.object({ trail: z.array(webhookAuditEntrySchema) }).strict();
export type WebhookAuditResponse = z.infer<typeof webhookAuditResponseSchema>;
