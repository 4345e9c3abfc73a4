// Where the shared assistance code asks the cluster (hub/assist/cluster) to act instead of,
// or as well as, this process. Absent for the single-process hub: then nothing here runs.
import type { WaitingRequest } from '../queue/assistance-queue.js';
import type { AssistContext } from './assist-context.js';

export interface ClusterHooks {
  /** Takes the request out of the shared waiting room, then closes it (abandon()'s work). */
  abandon(requestId: string, outcome: 'cancelled' | 'abandoned', reason: string): Promise<boolean>;
  /** The request went back in line here (transfer, lost expert): the shared room gets it too. */
  requeued(request: WaitingRequest): void;
  /** Staff another instance reports connected (its presence): a transfer may name them. */
  connectedElsewhere(staffId: string): boolean;
  /** Whether another instance reports a connected supervisor other than `exceptStaffId`. */
  supervisorElsewhere(exceptStaffId: string): boolean;
}

const hooks = new WeakMap<AssistContext, ClusterHooks>();

export function setClusterHooks(ctx: AssistContext, cluster: ClusterHooks): void {
  hooks.set(ctx, cluster);
}

export function clusterOf(ctx: AssistContext): ClusterHooks | undefined {
  return hooks.get(ctx);
}
