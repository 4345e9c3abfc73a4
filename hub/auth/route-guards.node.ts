// The one place that decides which guard protects which kind of route, and what "auth
// off" means. Routes spread `guards.kiosk`, `guards.staff` or `guards.admin` into their
// options and know nothing else about authentication.
import { KIOSK_AUTH_HEADERS } from '../../protocol/kiosk-auth.js';
import { kioskIdSchema } from '../../protocol/hub-api.js';
import { sendError } from '../routes/error-replies.js';
import type { AuthStore } from '../storage/auth-store.js';
import { AuthFailureCounter } from './failure-counter.js';
import { LogSampler } from './log-sampler.js';
import { kioskGuard, unclaiming, type GuardHook, type SendHook, type WithNonce } from './kiosk-guard.node.js';
import { requireRole, tokenAuthenticator, type Refuse, type StaffAuthenticator, type StaffTokens } from './staff-guard.js';

export type AuthMode = 'on' | 'off';

export interface HubAuthOptions {
  store: AuthStore;
  /** 'off' checks nothing: local development on loopback only. Default 'on'. */
  mode?: AuthMode;
  tokens?: StaffTokens;
  /** Replaces the bearer-token check; the seam for real staff login. */
  staffAuthenticator?: StaffAuthenticator;
  now?: () => number;
}

export interface GuardHooks {
  onRequest?: GuardHook[];
  preValidation?: GuardHook[];
  onSend?: SendHook[];
}

export interface RouteGuards {
  mode: AuthMode;
  kiosk: GuardHooks;
  /** Kiosk-signed routes that claim the request's nonce in their own statement, through `withNonce` (kiosk-guard.node.ts). */
  kioskNonceInRoute: GuardHooks;
  withNonce: WithNonce;
  staff: GuardHooks;
  admin: GuardHooks;
  failures: AuthFailureCounter;
  /** Counts, logs and answers a refusal; for routes that refuse on their own terms (enrollment codes). */
  refuse: Refuse;
}

export function createRouteGuards(options: HubAuthOptions): RouteGuards {
  const now = options.now ?? Date.now;
  const failures = new AuthFailureCounter(now);
  const mode = options.mode ?? 'on';
  const sampler = new LogSampler(undefined, { now });
  const refuse: Refuse = (request, reply, status, reason, message) => {
    failures.record(reason);
    const claimed = kioskIdSchema.safeParse(request.headers[KIOSK_AUTH_HEADERS.kioskId]);
    // The reason and who it claimed to be; never a signature, token or code. Bounded per reason.
    const admitted = sampler.admit(reason);
    if (admitted.log) {
      request.log.warn(
        { authFailure: reason, claimedKioskId: claimed.success ? claimed.data : undefined, ...(admitted.suppressed > 0 ? { suppressedSinceLast: admitted.suppressed } : {}) },
        'auth: request refused',
      );
    }
    return sendError(reply, status, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message);
  };
  if (mode === 'off') {
    const withNonce: WithNonce = async (_request, _reply, work) => ({ ok: true, value: unclaiming(await work(undefined)) });
    return { mode, kiosk: {}, kioskNonceInRoute: {}, withNonce, staff: {}, admin: {}, failures, refuse };
  }

  const staffAuthenticator = options.staffAuthenticator ?? tokenAuthenticator(options.tokens ?? {});
  const kiosk = kioskGuard({ store: options.store, now, refuse });
  return {
    mode,
    kiosk: { onRequest: [kiosk.onRequest], preValidation: [kiosk.preValidation] },
    kioskNonceInRoute: { onRequest: [kiosk.onRequest], preValidation: [kiosk.preValidationNonceInRoute], onSend: [kiosk.onSendNonceInRoute] },
    withNonce: kiosk.withNonce,
    staff: { onRequest: [requireRole('staff', staffAuthenticator, refuse)] },
    admin: { onRequest: [requireRole('admin', staffAuthenticator, refuse)] },
    failures,
    refuse,
  };
}
