// Fleet health and alert settings, from the environment (HUB_FLEET_*, HUB_ALERT_*).
import { z } from 'zod';

/** How deliveries are retried, whoever set the webhook (environment or staff). */
export interface WebhookTiming {
  /** After this many failed attempts a delivery is marked failed and kept for inspection. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_TIMING: WebhookTiming = { maxAttempts: 15, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000, timeoutMs: 10_000 };

/** HUB_ALERT_WEBHOOK_*: in force until staff save settings (PUT /v1/staff/fleet/webhook). */
export interface WebhookConfig extends WebhookTiming {
  url: string;
  /** HMAC-SHA256 key of the signature header. */
  secret: string;
}

export interface FleetConfig {
  /** No instance heard from a kiosk for this long: it is offline. */
  offlineAfterSec: number;
  /** Every instance sweeps this often (offline marking, hold-downs, webhook retries). */
  sweepSec: number;
  historyRetentionDays: number;
  /** Alerts raised per kiosk per hour at most; more conditions wait (rate limit). */
  maxAlertsPerKioskPerHour: number;
  webhook: WebhookConfig | null;
}

export const DEFAULT_FLEET_CONFIG: FleetConfig = {
  offlineAfterSec: 150,
  sweepSec: 15,
  historyRetentionDays: 30,
  maxAlertsPerKioskPerHour: 20,
  webhook: null,
};

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  HUB_FLEET_OFFLINE_AFTER_SEC: positiveInt(DEFAULT_FLEET_CONFIG.offlineAfterSec),
  HUB_FLEET_SWEEP_SEC: positiveInt(DEFAULT_FLEET_CONFIG.sweepSec),
  HUB_FLEET_HISTORY_DAYS: positiveInt(DEFAULT_FLEET_CONFIG.historyRetentionDays),
  HUB_ALERTS_MAX_PER_KIOSK_HOUR: positiveInt(DEFAULT_FLEET_CONFIG.maxAlertsPerKioskPerHour),
  HUB_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUB_ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),
  HUB_ALERT_WEBHOOK_MAX_ATTEMPTS: positiveInt(DEFAULT_WEBHOOK_TIMING.maxAttempts),
});

export function fleetConfigFromEnv(env: Record<string, string | undefined>): FleetConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('HUB_') && value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) throw new Error(`fleet settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  if (e.HUB_ALERT_WEBHOOK_URL && !e.HUB_ALERT_WEBHOOK_SECRET) throw new Error('HUB_ALERT_WEBHOOK_URL needs HUB_ALERT_WEBHOOK_SECRET (at least 16 characters) to sign deliveries');
  return {
    offlineAfterSec: e.HUB_FLEET_OFFLINE_AFTER_SEC,
    sweepSec: e.HUB_FLEET_SWEEP_SEC,
    historyRetentionDays: e.HUB_FLEET_HISTORY_DAYS,
    maxAlertsPerKioskPerHour: e.HUB_ALERTS_MAX_PER_KIOSK_HOUR,
    webhook:
      e.HUB_ALERT_WEBHOOK_URL && e.HUB_ALERT_WEBHOOK_SECRET
        ? { ...DEFAULT_WEBHOOK_TIMING, url: e.HUB_ALERT_WEBHOOK_URL, secret: e.HUB_ALERT_WEBHOOK_SECRET, maxAttempts: e.HUB_ALERT_WEBHOOK_MAX_ATTEMPTS }
        : null,
  };
}
