// The alert webhook's settings as staff set them (protocol/fleet-webhook.ts), in the shared
// database so every hub instance sends with the same ones, read again after a short cache:
// a change takes effect without a restart, on other instances within `cacheMs`. Until someone
// saves settings the HUB_ALERT_WEBHOOK_* environment (every alert kind) stays in force.
import type { Logger } from 'pino';
import { alertKindSchema, type AlertKind } from '../../protocol/fleet-alerts.js';
import type { WebhookAuditEntry, WebhookSettings, WebhookSettingsRequest, WebhookTestBody, WebhookTestResult } from '../../protocol/fleet-webhook.js';
import type { Clock } from '../assist/clock.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { toIsoString } from '../storage/row-values.js';
import type { WebhookConfig } from './fleet-config.js';
import { openWebhookSecret, sealWebhookSecret } from './webhook-secret.node.js';
import { webhookPoster, type PostWebhook } from './webhook-sender.node.js';

/** Where deliveries go right now; null when the webhook is off or not set. */
export interface WebhookTarget {
  url: string;
  secret: string;
  kinds: ReadonlySet<AlertKind>;
}

export interface WebhookActor {
  staffId: string;
}

interface SettingsRow {
  url: string;
  secret_sealed: string;
  kinds: unknown;
  enabled: boolean;
  updated_by: string;
  updated_at: unknown;
  updated_by_name: string | null;
}

const jsonOf = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

async function readRow(db: Queryable): Promise<SettingsRow | null> {
  const { rows } = await db.query<SettingsRow>(
    `SELECT w.url, w.secret_sealed, w.kinds, w.enabled, w.updated_by, w.updated_at, s.display_name AS updated_by_name
     FROM fleet_webhook_settings w LEFT JOIN staff_users s ON s.staff_id::text = w.updated_by`,
  );
  return rows[0] ?? null;
}

async function audit(tx: Queryable, event: 'changed' | 'tested', actor: string, at: Date, detail: object): Promise<void> {
  await tx.query('INSERT INTO fleet_webhook_audit (event, actor, at, detail) VALUES ($1, $2, $3, $4)', [event, actor, at, JSON.stringify(detail)]);
}

export type PutWebhookOutcome = { ok: true; settings: WebhookSettings } | { ok: false; why: 'secret-required' };

export interface WebhookSettingsOptions {
  db: Database;
  secretKey: HubSecretKey;
  clock: Clock;
  logger: Logger;
  /** HUB_ALERT_WEBHOOK_*: in force until settings are saved through the API. */
  fallback: WebhookConfig | null;
  timeoutMs: number;
  cacheMs?: number;
  /** Tests replace the HTTP poster of test sends. */
  posterFor?: (target: { url: string; secret: string }) => PostWebhook;
}

export class WebhookSettingsService {
  private cache: { at: number; target: WebhookTarget | null } | null = null;
  /** The stored secret that did not open (another hub secret key), logged once. */
  private unreadable: string | null = null;

  constructor(private readonly opts: WebhookSettingsOptions) {}

  /** The current target (cached for `cacheMs`); a secret that does not open turns it off, loudly. */
  async target(): Promise<WebhookTarget | null> {
    const now = this.opts.clock.now();
    if (this.cache && now - this.cache.at < (this.opts.cacheMs ?? 5_000)) return this.cache.target;
    const target = await this.load();
    this.cache = { at: now, target: target?.enabled ? target : null };
    return this.cache.target;
  }

  async settings(): Promise<WebhookSettings> {
    const row = await readRow(this.opts.db);
    if (row) {
      return {
        source: 'hub',
        url: row.url,
        kinds: alertKindSchema.array().parse(jsonOf(row.kinds)),
        enabled: row.enabled,
        secretSet: true,
        updatedAt: toIsoString(row.updated_at),
        updatedBy: row.updated_by,
        updatedByName: row.updated_by_name,
      };
    }
    const env = this.opts.fallback;
    if (env) return { source: 'environment', url: env.url, kinds: [...alertKindSchema.options], enabled: true, secretSet: true, updatedAt: null, updatedBy: null, updatedByName: null };
    return { source: 'none', url: null, kinds: [], enabled: false, secretSet: false, updatedAt: null, updatedBy: null, updatedByName: null };
  }

  async put(request: WebhookSettingsRequest, by: WebhookActor): Promise<PutWebhookOutcome> {
    const at = new Date(this.opts.clock.now());
    const outcome = await this.opts.db.transaction(async (tx): Promise<'saved' | 'secret-required'> => {
      // FOR UPDATE: two admins saving at once cannot interleave keep-the-secret with a new one.
      const { rows } = await tx.query<{ secret_sealed: string }>('SELECT secret_sealed FROM fleet_webhook_settings FOR UPDATE');
      const kept = rows[0]?.secret_sealed;
      if (request.secret === undefined && kept === undefined) return 'secret-required';
      const sealed = request.secret === undefined ? (kept as string) : sealWebhookSecret(this.opts.secretKey, request.secret);
      await tx.query(
        `INSERT INTO fleet_webhook_settings (singleton, url, secret_sealed, kinds, enabled, updated_by, updated_at) VALUES (true, $1, $2, $3, $4, $5, $6)
         ON CONFLICT (singleton) DO UPDATE SET url = EXCLUDED.url, secret_sealed = EXCLUDED.secret_sealed, kinds = EXCLUDED.kinds,
           enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [request.url, sealed, JSON.stringify(request.kinds), request.enabled, by.staffId, at],
      );
      await audit(tx, 'changed', by.staffId, at, { url: request.url, kinds: request.kinds, enabled: request.enabled, secretChanged: request.secret !== undefined });
      return 'saved';
    });
    if (outcome === 'secret-required') return { ok: false, why: 'secret-required' };
    this.cache = null;
    this.opts.logger.info({ staffId: by.staffId, url: request.url, kinds: request.kinds, enabled: request.enabled, secretChanged: request.secret !== undefined }, 'fleet: alert webhook changed');
    return { ok: true, settings: await this.settings() };
  }

  /** One signed test body to the saved URL (on or off); null when there is no webhook to test. */
  async test(by: WebhookActor): Promise<WebhookTestResult | null> {
    const target = await this.load();
    if (!target) return null;
    const at = this.opts.clock.now();
    const deliveryId = globalThis.crypto.randomUUID();
    const body: WebhookTestBody = { event: 'webhook.test', deliveryId, at: new Date(at).toISOString(), by: by.staffId };
    const post = this.opts.posterFor?.(target) ?? webhookPoster(target.url, target.secret, this.opts.timeoutMs);
    const outcome = await post({ deliveryId, body: JSON.stringify(body) }, at);
    const result: WebhookTestResult = { ok: outcome.ok, deliveryId, status: outcome.status ?? null, error: outcome.ok ? null : outcome.error.slice(0, 300) };
    await audit(this.opts.db, 'tested', by.staffId, new Date(at), { url: target.url, ok: result.ok, status: result.status, error: result.error });
    this.opts.logger.info({ staffId: by.staffId, url: target.url, ok: result.ok, status: result.status }, 'fleet: alert webhook tested');
    return result;
  }

  /** Who changed or tested the webhook, newest first (never the secret). */
  async auditTrail(limit = 50): Promise<WebhookAuditEntry[]> {
    const { rows } = await this.opts.db.query<{ event: 'changed' | 'tested'; actor: string; actor_name: string | null; at: unknown; detail: unknown }>(
      `SELECT a.event, a.actor, s.display_name AS actor_name, a.at, a.detail
       FROM fleet_webhook_audit a LEFT JOIN staff_users s ON s.staff_id::text = a.actor
       ORDER BY a.audit_id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ event: row.event, actor: row.actor, actorName: row.actor_name, at: toIsoString(row.at), detail: jsonOf(row.detail) as Record<string, unknown> }));
  }

  private async load(): Promise<(WebhookTarget & { enabled: boolean }) | null> {
    const row = await readRow(this.opts.db);
    if (!row) {
      const env = this.opts.fallback;
      return env ? { url: env.url, secret: env.secret, kinds: new Set(alertKindSchema.options), enabled: true } : null;
    }
    try {
      const secret = openWebhookSecret(this.opts.secretKey, row.secret_sealed);
      return { url: row.url, secret, kinds: new Set(alertKindSchema.array().parse(jsonOf(row.kinds))), enabled: row.enabled };
    } catch (error) {
      // Once per stored secret, not at every cache expiry.
      if (this.unreadable !== row.secret_sealed) this.opts.logger.error({ errMessage: error instanceof Error ? error.message : String(error) }, 'fleet: alert webhook secret does not open; deliveries wait');
      this.unreadable = row.secret_sealed;
      return null;
    }
  }
}
