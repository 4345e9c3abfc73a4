// The hub's Prometheus metrics: request latencies observed as requests finish, and the fleet
// and signaling figures read when Prometheus scrapes. One registry per hub (tests build many
// hubs in one process; the global registry would mix them).
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { FleetFigures } from '../fleet/fleet-metrics-queries.js';

export interface MetricSources {
  /** Fleet health figures; absent on a hub without fleet health. */
  fleet?: (() => Promise<FleetFigures>) | undefined;
  /** Open signaling sockets, waiting customers and calls on this instance. */
  signaling?: (() => { waiting: number; calls: number; kiosks: number; staff: number }) | undefined;
}

export interface HubMetrics {
  registry: Registry;
  /** Observes every request's latency by route pattern (bounded label values). */
  install(app: FastifyInstance): void;
}

export function createHubMetrics(sources: MetricSources): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hub_' });
  const latency = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // Fleet figures are read once per scrape and shared by the gauges below.
  let pending: Promise<FleetFigures | null> | null = null;
  const figures = (): Promise<FleetFigures | null> => {
    if (!sources.fleet) return Promise.resolve(null);
    pending ??= sources.fleet().finally(() => {
      setTimeout(() => (pending = null), 0);
    });
    return pending;
  };
  const fleetGauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, f: FleetFigures) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const f = await figures();
        this.reset();
        if (f) fill(this, f);
      },
    });

  if (sources.fleet) {
    fleetGauge('hub_fleet_kiosks', 'Kiosks known to the fleet, by state', ['state'], (g, f) => {
      g.set({ state: 'online' }, f.kiosks.online);
      g.set({ state: 'offline' }, f.kiosks.offline);
    });
    fleetGauge('hub_fleet_device_faults', 'Devices of online kiosks not ready or busy, by kind, state and reason', ['kind', 'state', 'reason'], (g, f) => {
      for (const d of f.deviceFaults) g.set({ kind: d.kind, state: d.state, reason: d.reason }, d.count);
    });
    fleetGauge('hub_fleet_outbox_backlog', 'Transactions waiting in online kiosks’ outboxes (sum and largest)', ['stat'], (g, f) => {
      g.set({ stat: 'sum' }, f.backlog.total);
      g.set({ stat: 'max' }, f.backlog.max);
    });
    fleetGauge('hub_fleet_sync_lag_seconds', 'Seconds since online kiosks last synced', ['quantile'], (g, f) => {
      g.set({ quantile: '0.5' }, f.syncLagSec.p50);
      g.set({ quantile: '0.95' }, f.syncLagSec.p95);
      g.set({ quantile: '1' }, f.syncLagSec.max);
    });
    fleetGauge('hub_fleet_alerts_active', 'Unresolved fleet alerts by kind and severity', ['kind', 'severity'], (g, f) => {
      for (const a of f.activeAlerts) g.set({ kind: a.kind, severity: a.severity }, a.count);
    });
    fleetGauge('hub_fleet_webhook_deliveries', 'Alert webhook deliveries not delivered (pending, failed)', ['state'], (g, f) => {
      g.set({ state: 'pending' }, f.webhook.pending);
      g.set({ state: 'failed' }, f.webhook.failed);
    });
  }
  if (sources.signaling) {
    const read = sources.signaling;
    new Gauge({
      name: 'hub_signaling_sessions',
      help: 'Signaling on this instance: open kiosk and staff sockets, waiting customers, live calls',
      labelNames: ['kind'] as const,
      registers: [registry],
      collect() {
        const s = read();
        this.set({ kind: 'kiosk-sockets' }, s.kiosks);
        this.set({ kind: 'staff-sockets' }, s.staff);
        this.set({ kind: 'waiting' }, s.waiting);
        this.set({ kind: 'calls' }, s.calls);
      },
    });
  }

  return {
    registry,
    install(app) {
      app.addHook('onResponse', (request, reply, done) => {
        // The route pattern, never the raw URL: ids in paths would make unbounded series.
        const route = request.routeOptions.url ?? 'unmatched';
        latency.observe({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
        done();
      });
    },
  };
}
