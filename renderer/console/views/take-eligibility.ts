// Why this expert cannot take a waiting customer, if they cannot — the same rule the hub
// applies on accept (hub/assist/queue/assistance-queue.ts isEligible), so the console can
// say it beside the customer instead of offering a Take the hub will refuse. Supervisors
// and admins see every waiting customer; they too can take only those they have the skills for.
import type { QueueEntry, StaffRole } from '../../../protocol/assist-values.js';
import type { StaffProfileBody } from '../../../protocol/staff-api.js';

export type CannotTake = 'language' | 'topic' | 'person';

const overseesTransfers = (role: StaffRole) => role === 'supervisor' || role === 'admin';

export function cannotTake(staff: Pick<StaffProfileBody, 'staffId' | 'role' | 'languages' | 'topics'>, entry: QueueEntry): CannotTake | null {
  const to = entry.transfer?.to;
  if (to === 'supervisor') return overseesTransfers(staff.role) ? null : 'person';
  if (to !== undefined) return to === staff.staffId ? null : 'person';
  if (!staff.languages.includes(entry.language)) return 'language';
  if (!staff.topics.includes(entry.topic)) return 'topic';
  return null;
}
