// Fleet health at the hub: takes kiosks' health reports and socket comings and goings,
// keeps the state in the database, raises and resolves alerts, and hands every alert event
// to the console (live, through every instance) and, for the kinds it subscribes, to the
// webhook outbox. One per hub
// instance; the sweeper that marks silent kiosks offline runs on each, and its work is
// idempotent, so two instances sweeping together do it once.
import type { Logger } from 'pino';
import type { AlertNotice, AlertRule, AlertRuleUpdate, AlertsQuery, Alert, StoredAlertRule } from '../../protocol/fleet-alerts.js';
import type { HealthReport } from '../../protocol/fleet-health.js';
import type { Clock, TimerHandle } from '../assist/clock.js';
import type { ClusterBus } from '../assist/cluster/cluster-bus.js';
import { ephemeralSecretKey, type HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { reconcileKiosk } from './alert-reconcile.js';
import * as alerts from './alert-store.js';
import { DEFAULT_WEBHOOK_TIMING, type FleetConfig } from './fleet-config.js';
import { fleetFigures, type FleetFigures } from './fleet-metrics-queries.js';
import * as health from './health-store.js';
import { webhookPoster, type PostWebhook } from './webhook-sender.node.js';
import { enqueueDelivery, pruneDelivered } from './webhook-store.js';
import { WebhookSettingsService, type WebhookTarget } from './webhook-settings.js';
import { WebhookWorker } from './webhook-worker.js';

/** What the signaling layer tells the fleet about kiosks (hub/assist/signaling). */
export interface KioskHealthSink {
  report(kioskId: string, report: HealthReport): void;
  connected(kioskId: string): void;
  disconnected(kioskId: string): void;
}

export interface FleetServiceOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: FleetConfig;
  /** Several instances: alert events reach every instance's console sockets through it. */
  bus?: ClusterBus | undefined;
  /** Tests replace the HTTP poster. */
  postWebhook?: PostWebhook;
  /**
   * Seals the webhook secret staff set (hub/fleet/webhook-settings.ts). startHub passes the
   * hub's key; the default lives as long as the process, like an in-memory database.
   */
  secretKey?: HubSecretKey;
  /** How long rules are cached before re-reading (edits on another instance apply within it). */
  ruleCacheMs?: number;
}

export interface SweepResult {
  markedOffline: string[];
  notices: AlertNotice[];
  pruned: number;
}

const ALERT_SUBJECT = 'fleet.alert';
const PRUNE_EVERY_SWEEPS = 240;

export class FleetService implements KioskHealthSink {
  private readonly connectedHere = new Set<string>();
  private readonly listeners = new Set<(notice: AlertNotice) => void>();
  /** Per kiosk, the work in flight: a kiosk's reports are stored in the order they came. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Reports received but not stored yet, the newest per kiosk. */
  private readonly latestReports = new Map<string, HealthReport>();
  private rulesCache: { at: number; rules: AlertRule[] } | null = null;
  /**
   * Times taken to stamp alert changes whose transaction has not committed yet. Alert times are
   * read before the transaction, so a change can become visible with a time earlier than a
   * cursor handed out meanwhile; cursors stay below these times (see now()).
   */
  private readonly stamping: number[] = [];
  private sweepTimer: TimerHandle | undefined;
  private sweeps = 0;
  private closed = false;
  readonly webhook: WebhookWorker;
  /** The alert webhook's settings (staff routes), read again after the rule cache time. */
  readonly webhookSettings: WebhookSettingsService;
  private readonly unsubscribe: (() => void) | undefined;
  /** Counts for /metrics. */
  readonly counters = { reports: 0, reportFailures: 0, noticesRaised: 0, noticesResolved: 0 };

  constructor(private readonly opts: FleetServiceOptions) {
    const timing = opts.config.webhook ?? DEFAULT_WEBHOOK_TIMING;
    const settings = new WebhookSettingsService({
      db: opts.db,
      secretKey: opts.secretKey ?? ephemeralSecretKey(),
      clock: opts.clock,
      logger: opts.logger,
      fallback: opts.config.webhook,
      timeoutMs: timing.timeoutMs,
      cacheMs: opts.ruleCacheMs ?? 5_000,
    });
    this.webhookSettings = settings;
    // The URL and secret are looked up per attempt: a change applies to rows already waiting.
    const post: PostWebhook =
      opts.postWebhook ??
      (async (delivery, nowMs) => {
        const target = await settings.target();
        if (!target) return { ok: false, error: 'the webhook was turned off' };
        return webhookPoster(target.url, target.secret, timing.timeoutMs)(delivery, nowMs);
      });
    this.webhook = new WebhookWorker({ db: opts.db, config: timing, clock: opts.clock, logger: opts.logger, post, active: async () => (await settings.target()) !== null });
    if (opts.bus) {
      const sub = opts.bus.subscribe(ALERT_SUBJECT, (message) => this.deliverLocally(message as AlertNotice));
      this.unsubscribe = () => sub.unsubscribe();
    }
  }

  start(): void {
    this.webhook.start();
    this.scheduleSweep();
  }

  /** Alert events, live (the console's supervisors and admins). */
  onNotice(listener: (notice: AlertNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(kioskId: string, report: HealthReport): void {
    this.counters.reports += 1;
    // While the database is slow a kiosk's reports do not pile up: only its latest waits.
    const waiting = this.latestReports.has(kioskId);
    this.latestReports.set(kioskId, report);
    if (waiting) return;
    void this.serial(kioskId, async () => {
      const latest = this.latestReports.get(kioskId);
      this.latestReports.delete(kioskId);
      if (!latest) return;
      const notices = await this.stamped(async (now) => {
        const rules = await this.rules();
        const hook = await this.webhookSettings.target();
        return this.opts.db.transaction(async (tx) => {
          await health.recordReport(tx, kioskId, latest, new Date(now));
          return this.reconcile(tx, kioskId, rules, now, hook);
        });
      });
      this.publish(notices);
    });
  }

  connected(kioskId: string): void {
    this.connectedHere.add(kioskId);
    void this.serial(kioskId, async () => {
      const notices = await this.stamped(async (now) => {
        const rules = await this.rules();
        const hook = await this.webhookSettings.target();
        return this.opts.db.transaction(async (tx) => {
          await health.recordConnected(tx, kioskId, new Date(now));
          return this.reconcile(tx, kioskId, rules, now, hook);
        });
      });
      this.publish(notices);
    });
  }

  /** The socket left this instance. Nothing is written: offline is decided by silence (sweep). */
  disconnected(kioskId: string): void {
    this.connectedHere.delete(kioskId);
  }

  /** Resolves when every report and connection handed over so far is stored. */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  /** One sweep: heard-from for our sockets, silent kiosks offline, due hold-downs, pruning. */
  async sweep(): Promise<SweepResult> {
    const { db, clock, config } = this.opts;
    const now = clock.now();
    await health.touchKiosks(db, [...this.connectedHere], new Date(now));
    const markedOffline = await health.markSilentOffline(db, new Date(now - config.offlineAfterSec * 1000), new Date(now));
    const look = new Set([...markedOffline, ...(await health.offlineWithoutAlert(db)), ...(await alerts.kiosksWithPending(db))]);
    const rules = await this.rules();
    const hook = await this.webhookSettings.target();
    const notices: AlertNotice[] = [];
    for (const kioskId of look) {
      await this.serial(kioskId, async () => {
        const found = await this.stamped((at) => db.transaction((tx) => this.reconcile(tx, kioskId, rules, at, hook)));
        notices.push(...found);
      });
    }
    this.publish(notices);
    let pruned = 0;
    this.sweeps += 1;
    if (this.sweeps % PRUNE_EVERY_SWEEPS === 1) {
      const before = new Date(now - config.historyRetentionDays * 86_400_000);
      pruned = await health.pruneHistory(db, before);
      await pruneDelivered(db, before);
    }
    return { markedOffline, notices, pruned };
  }

  // ── staff actions ─────────────────────────────────────────────────────────────────────

  /** Null: no such alert, or it is not open (acknowledged or resolved already). */
  async acknowledge(alertId: string, staffId: string): Promise<Alert | null> {
    return this.staffChange((tx, at) => alerts.acknowledgeAlert(tx, alertId, staffId, at), 'alert.acknowledged');
  }

  /** Null: no such alert, or it is resolved already. If the condition still holds it is raised again after its hold-down. */
  async resolve(alertId: string, staffId: string): Promise<Alert | null> {
    return this.staffChange((tx, at) => alerts.resolveAlert(tx, alertId, staffId, at), 'alert.resolved');
  }

  listAlerts(query: AlertsQuery): Promise<Alert[]> {
    return alerts.listAlerts(this.opts.db, query);
  }

  /**
   * The service's time, which stamps alerts: cursors over alert changes are in it. Never at or
   * past a stamp whose change is still being written here, or a long poll handed this cursor
   * would never see that change (it commits later with an earlier time). And a millisecond
   * behind the clock: a change stamped later in this same millisecond has the cursor's time, and
   * polls ask for changes strictly after it (the fleet bench lost 1 alert in 120 that way).
   */
  now(): Date {
    const now = this.opts.clock.now() - 1;
    const oldest = this.oldestStamp();
    return new Date(oldest === null ? now : Math.min(now, oldest - 1));
  }

  /**
   * Alert events after `since` (long-polling consoles); see alert-store.alertChangesSince. Only
   * events before the oldest change still being written: a later one returned now would move
   * the caller's cursor past that change. They come with the next call.
   */
  alertChangesSince(since: Date): Promise<AlertNotice[]> {
    const oldest = this.oldestStamp();
    return alerts.alertChangesSince(this.opts.db, since, 200, oldest === null ? undefined : new Date(oldest));
  }

  getAlert(alertId: string): Promise<Alert | null> {
    return alerts.getAlert(this.opts.db, alertId);
  }

  listRules(): Promise<StoredAlertRule[]> {
    return alerts.listRules(this.opts.db);
  }

  async putRule(ruleId: string, rule: AlertRuleUpdate, staffId: string): Promise<StoredAlertRule> {
    const stored = await alerts.upsertRule(this.opts.db, ruleId, rule, staffId, new Date(this.opts.clock.now()));
    this.rulesCache = null;
    return stored;
  }

  async deleteRule(ruleId: string): Promise<boolean> {
    const gone = await alerts.deleteRule(this.opts.db, ruleId);
    this.rulesCache = null;
    return gone;
  }

  /** The fleet figures /metrics shows. */
  figures(): Promise<FleetFigures> {
    return fleetFigures(this.opts.db, new Date(this.opts.clock.now()));
  }

  fleetKiosks(branchId?: string): ReturnType<typeof health.fleetKiosks> {
    return health.fleetKiosks(this.opts.db, branchId);
  }

  kioskHistory(kioskId: string, limit = 100): ReturnType<typeof health.kioskHistory> {
    return health.kioskHistory(this.opts.db, kioskId, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) this.opts.clock.clearTimeout(this.sweepTimer);
    this.unsubscribe?.();
    await this.flush().catch(() => undefined);
    await this.webhook.close();
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────

  private async rules(): Promise<AlertRule[]> {
    const now = this.opts.clock.now();
    if (this.rulesCache && now - this.rulesCache.at < (this.opts.ruleCacheMs ?? 5_000)) return this.rulesCache.rules;
    const rules = await alerts.listRules(this.opts.db);
    this.rulesCache = { at: now, rules };
    return rules;
  }

  /** `hook` is read before the transaction: PGlite runs one statement stream, so no read beside it. */
  private async reconcile(tx: Queryable, kioskId: string, rules: readonly AlertRule[], now: number, hook: WebhookTarget | null): Promise<AlertNotice[]> {
    const notices = await reconcileKiosk(tx, kioskId, rules, now, { maxAlertsPerKioskPerHour: this.opts.config.maxAlertsPerKioskPerHour });
    for (const notice of notices) if (hook?.kinds.has(notice.alert.kind)) await enqueueDelivery(tx, notice, new Date(now));
    return notices;
  }

  private async staffChange(change: (tx: Queryable, at: Date) => Promise<Alert | null>, event: AlertNotice['event']): Promise<Alert | null> {
    const alert = await this.stamped(async (now) => {
      const hook = await this.webhookSettings.target();
      return this.opts.db.transaction(async (tx) => {
        const changed = await change(tx, new Date(now));
        if (changed && hook?.kinds.has(changed.kind)) await enqueueDelivery(tx, { event, alert: changed }, new Date(now));
        return changed;
      });
    });
    if (alert) this.publish([{ event, alert }]);
    return alert;
  }

  /** Runs `work` with the time it stamps alert changes with, held in `stamping` until it ends. */
  private async stamped<T>(work: (now: number) => Promise<T>): Promise<T> {
    const now = this.opts.clock.now();
    this.stamping.push(now);
    try {
      return await work(now);
    } finally {
      this.stamping.splice(this.stamping.indexOf(now), 1);
    }
  }

  private oldestStamp(): number | null {
    let oldest: number | null = null;
    for (const at of this.stamping) if (oldest === null || at < oldest) oldest = at;
    return oldest;
  }

  private serial(kioskId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(kioskId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => {
        this.counters.reportFailures += 1;
        this.opts.logger.error({ kioskId, errMessage: error instanceof Error ? error.message : String(error) }, 'fleet: health update failed');
      })
      .finally(() => {
        if (this.chains.get(kioskId) === next) this.chains.delete(kioskId);
      });
    this.chains.set(kioskId, next);
    return next;
  }

  private publish(notices: readonly AlertNotice[]): void {
    if (notices.length === 0) return;
    for (const notice of notices) {
      if (notice.event === 'alert.raised') this.counters.noticesRaised += 1;
      if (notice.event === 'alert.resolved') this.counters.noticesResolved += 1;
      this.opts.logger.info({ event: notice.event, kioskId: notice.alert.kioskId, kind: notice.alert.kind, device: notice.alert.device, alertId: notice.alert.alertId }, 'fleet: alert');
      // With a bus every instance, this one included, hears it once from the bus.
      if (this.opts.bus) this.opts.bus.publish(ALERT_SUBJECT, notice);
      else this.deliverLocally(notice);
    }
    this.webhook.kick();
  }

  private deliverLocally(notice: AlertNotice): void {
    for (const listener of this.listeners) listener(notice);
  }

  private scheduleSweep(): void {
    if (this.closed) return;
    const everyMs = this.opts.config.sweepSec * 1000;
    // Instances started together should not sweep in step.
    this.sweepTimer = this.opts.clock.setTimeout(() => {
      void this.sweep()
        .catch((error: unknown) => this.opts.logger.warn({ errMessage: error instanceof Error ? error.message : String(error) }, 'fleet: sweep failed'))
        .finally(() => this.scheduleSweep());
    }, everyMs * (0.8 + Math.random() * 0.4));
  }
}
