// Refused requests, counted per reason. In memory, per hub instance: counts are for
// spotting trouble (a kiosk with a drifting clock, a probe), not an audit trail, and each
// instance of a multi-instance hub reports its own, as metrics scrapers expect.
import { authFailureReasonSchema, authFailuresResponseSchema, type AuthFailureReason, type AuthFailuresResponse } from '../../protocol/kiosk-auth.js';

export class AuthFailureCounter {
  private readonly counts = new Map<AuthFailureReason, number>();
  private readonly since: string;

  constructor(now: () => number = Date.now) {
    this.since = new Date(now()).toISOString();
  }

  record(reason: AuthFailureReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  count(reason: AuthFailureReason): number {
    return this.counts.get(reason) ?? 0;
  }

  /** Every reason is present, zero included, so dashboards need no special cases. */
  snapshot(): AuthFailuresResponse {
    const counts = authFailuresResponseSchema.shape.counts.parse(Object.fromEntries(authFailureReasonSchema.options.map((reason) => [reason, this.count(reason)])));
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return { since: this.since, total, counts };
  }
}
