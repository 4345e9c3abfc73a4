// The hub's HTTP surface, without listening: tests drive it with `inject()`, and
// `start-hub.node.ts` puts it on a port.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { MAX_BODY_BYTES } from '../protocol/hub-api.js';
import type { Assist } from './assist/assist-hub.node.js';
import type { Banking } from './banking/banking-service.js';
import { installBodyHashing } from './auth/body-hash.node.js';
import { createRouteGuards, type HubAuthOptions } from './auth/route-guards.node.js';
import type { TlsMaterial } from './auth/tls-files.node.js';
import { registerConsoleRoutes } from './routes/console.js';
import { registerHealthRoute } from './routes/health.js';
import { registerOperationsRoutes, type OperationsOptions } from './routes/operations.js';
import { installErrorReplies } from './routes/error-replies.js';
import { registerAssistRoutes } from './routes/v1/assist.js';
import { registerFleetCommandRoutes } from './routes/v1/fleet-commands.js';
import { registerFollowUpRoutes } from './routes/v1/follow-ups.js';
import { registerKnowledgeRoutes } from './routes/v1/knowledge.js';
import { registerAnalyticsRoutes } from './routes/v1/analytics.js';
import type { AnalyticsService } from './analytics/analytics-service.js';
import { registerMarketingConsentRoute, registerRecommendationRoutes } from './routes/v1/recommendations.js';
import type { RecommendationStore } from './recommendations/recommendation-store.js';
import type { KnowledgeStore } from './knowledge/knowledge-store.js';
import { registerSoftwareUpdateRoutes } from './routes/v1/software-updates.js';
import type { FollowUpStore } from './follow-ups/follow-up-store.js';
import { registerBankingRoutes } from './routes/v1/banking.js';
import { registerBranchQueueRoutes } from './routes/v1/branch-queue.js';
import { registerAppointmentRoutes } from './routes/v1/appointments.js';
import { registerCustomerSegmentRoute } from './routes/v1/customer-segment.js';
import type { AppointmentStore } from './appointments/appointment-store.js';
import type { BranchQueueStore } from './branch-queue/branch-queue-store.js';
import { registerEnrollAdminRoutes } from './routes/v1/enroll-admin.js';
import { registerEnrollRoute } from './routes/v1/enroll.js';
import { registerKioskChangeRoutes } from './routes/v1/kiosk-changes.js';
import { registerKioskIceServerRoute } from './routes/v1/kiosk-ice-servers.js';
import { registerKioskRoutes } from './routes/v1/kiosks.js';
import { registerStaffKioskRoutes } from './routes/v1/staff-kiosks.js';
import { registerStaffTransactionRoutes } from './routes/v1/staff-transactions.js';
import { registerTransactionRoutes } from './routes/v1/transactions.js';
import type { HubStore } from './storage/hub-store.js';
import type { StaffStore } from './storage/staff-store.js';
import { DEFAULT_HUB_LIMITS, type HubLimits } from './server-limits.js';

export interface BuildHubOptions {
  store: HubStore;
  staffStore: StaffStore;
  /** Required, so no caller gets an unauthenticated hub by leaving it out. */
  auth: HubAuthOptions;
  /** Defaults to a silent logger. */
  logger?: Logger;
  /** Serve HTTPS with this certificate chain and key. */
  tls?: TlsMaterial | undefined;
  /** Remote video assistance (signaling socket, staff sign-in, call quality); not served when absent. */
  assist?: Assist | undefined;
  /** Timeouts and per-client limits; defaults in server-limits.ts. */
  limits?: Partial<HubLimits> | undefined;
  /** The core-banking adapter behind /v1/banking (hub/banking); not served when absent. */
  banking?: Banking | undefined;
  /** The branch ticket queue (hub/branch-queue); served with `assist`, whose staff sign-in it uses. */
  branchQueue?: BranchQueueStore | undefined;
  /** Appointments (hub/appointments); served with `branchQueue` and `assist`. */
  appointments?: AppointmentStore | undefined;
  /** Follow-up cases and the customer-voice report (hub/follow-ups); served with `assist`, whose staff sign-in it uses. */
  followUps?: FollowUpStore | undefined;
  /** The knowledge base's staff routes (hub/knowledge); served with `assist`, whose staff sign-in it uses. */
  knowledge?: KnowledgeStore | undefined;
  /** Recommendation rules' staff routes (hub/recommendations); served with `assist`, whose staff sign-in it uses. */
  recommendations?: RecommendationStore | undefined;
  /** Service analytics for supervisors and admins (hub/analytics); served with `assist`, whose staff sign-in it uses. */
  analytics?: AnalyticsService | undefined;
  /** /metrics, /ready and the fleet health routes (hub/fleet). */
  operations?: OperationsOptions | undefined;
}

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
}

// Request logs carry method, path and peer only. Bodies (transaction payloads may hold
// personal data) are never logged; the redaction guards against a future `{ body }` slip.
function requestLogger(logger: Logger): FastifyBaseLogger {
  return logger.child(
    {},
    {
      serializers: { req: (req: LoggedRequest) => ({ method: req.method, url: req.url, remoteAddress: req.ip }) },
      redact: {
        paths: ['body', 'payload', 'req.body', '*.payload', 'items', 'headers.authorization', 'req.headers.authorization', 'privateKeyPem', '*.privateKeyPem'],
        censor: '[not logged]',
      },
    },
  );
}

export function buildHub({ store, staffStore, auth, logger = pino({ level: 'silent' }), tls, assist, limits: given, banking, branchQueue, appointments, followUps, knowledge, recommendations, analytics, operations = {} }: BuildHubOptions): FastifyInstance {
  const limits: HubLimits = { ...DEFAULT_HUB_LIMITS, ...given };
  const options = {
    loggerInstance: requestLogger(logger),
    bodyLimit: MAX_BODY_BYTES,
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
  const app: FastifyInstance = tls ? Fastify({ ...options, https: { cert: tls.cert, key: tls.key } }) : Fastify(options);
  app.server.maxConnections = limits.maxConnections;
  installErrorReplies(app);
  installBodyHashing(app);
  const guards = createRouteGuards(auth);
  registerHealthRoute(app, store);
  registerOperationsRoutes(app, store, assist, operations);
  registerEnrollRoute(app, auth.store, guards, { perAddress: limits.enrollPerAddress, ...(auth.now ? { now: auth.now } : {}) });
  // A revoked kiosk loses its open signaling socket and its place in the queue at once.
  registerEnrollAdminRoutes(app, auth.store, guards, assist ? { onKioskRevoked: (kioskId) => assist.service.revokeKiosk(kioskId) } : {});
  registerKioskRoutes(app, store, guards);
  registerKioskChangeRoutes(app, store, guards);
  registerTransactionRoutes(app, store, guards);
  registerStaffTransactionRoutes(app, staffStore, guards);
  registerStaffKioskRoutes(app, staffStore, guards);
  if (assist) registerAssistRoutes(app, assist, { authMode: guards.mode, maxSocketsPerAddress: limits.maxSocketsPerAddress });
  if (assist) registerConsoleRoutes(app);
  if (assist) registerKioskIceServerRoute(app, assist, guards);
  if (assist && operations.commands) {
    const enrolled = guards.mode === 'on' ? async (kioskId: string) => (await auth.store.kioskPublicKey(kioskId)) !== null : undefined;
    registerFleetCommandRoutes(app, operations.commands, assist.staffAuth, guards, enrolled);
  }
  if (assist && operations.updates) registerSoftwareUpdateRoutes(app, operations.updates, assist.staffAuth, guards);
  if (banking) registerBankingRoutes(app, banking, guards, assist?.staffAuth);
  if (banking) registerCustomerSegmentRoute(app, banking, guards);
  if (branchQueue && assist) registerBranchQueueRoutes(app, { store: branchQueue, staffAuth: assist.staffAuth, guards });
  if (appointments && branchQueue && assist) registerAppointmentRoutes(app, { store: appointments, branches: branchQueue, staffAuth: assist.staffAuth, guards });
  if (followUps && assist) registerFollowUpRoutes(app, { store: followUps, staffAuth: assist.staffAuth });
  if (knowledge && assist) registerKnowledgeRoutes(app, { store: knowledge, staffAuth: assist.staffAuth });
  if (analytics && assist) registerAnalyticsRoutes(app, { analytics, staffAuth: assist.staffAuth });
  if (recommendations && assist) registerRecommendationRoutes(app, { store: recommendations, staffAuth: assist.staffAuth });
  if (banking) registerMarketingConsentRoute(app, banking, guards);
  return app;
}
