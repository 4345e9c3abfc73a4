// How long a party that lost its signaling socket keeps its place (in the queue or in a
// call). Injected, like a reconnect policy, so a deployment can give kiosks on flaky branch
// networks longer than experts on the office LAN.
import type { CallParty } from './call-session.js';

export interface GracePolicy {
  graceMs(party: CallParty, context: { inCall: boolean }): number;
}

export function fixedGrace(seconds: number): GracePolicy {
  return { graceMs: () => seconds * 1000 };
}
