// The operations surface of a hub: /metrics, /ready, and (with fleet health and staff
// sign-in) the fleet routes. One call from buildHub.
import type { FastifyInstance } from 'fastify';
import type { Assist } from '../assist/assist-hub.node.js';
import type { CommandService } from '../fleet/commands/command-service.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { UpdateService } from '../fleet/updates/update-service.js';
import { createHubMetrics } from '../metrics/hub-metrics.node.js';
import type { HubStore } from '../storage/hub-store.js';
import { registerMetricsRoute } from './metrics.js';
import { registerReadyRoute, type ReadyCheck } from './ready.js';
import { registerStaffFleetRoutes } from './v1/staff-fleet.js';

export interface OperationsOptions {
  /** Fleet health and alerts (hub/fleet); its routes need `assist` for staff sign-in. */
  fleet?: FleetService | undefined;
  /** Remote commands (hub/fleet/commands); their staff routes need `assist` too. */
  commands?: CommandService | undefined;
  /** Software updates (hub/fleet/updates): releases, rollouts, kiosk feed; staff routes need `assist` too. */
  updates?: UpdateService | undefined;
  /** What /ready checks; default: the database answers. */
  readyChecks?: readonly ReadyCheck[] | undefined;
  /** When set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
}

export function registerOperationsRoutes(app: FastifyInstance, store: HubStore, assist: Assist | undefined, options: OperationsOptions): void {
  const { fleet } = options;
  const metrics = createHubMetrics({ fleet: fleet ? () => fleet.figures() : undefined, signaling: assist ? () => assist.service.stats : undefined });
  metrics.install(app);
  registerMetricsRoute(app, metrics, options.metricsToken);
  registerReadyRoute(app, options.readyChecks ?? [{ name: 'database', check: () => store.ping() }]);
  if (fleet && assist) registerStaffFleetRoutes(app, fleet, assist.staffAuth);
}
