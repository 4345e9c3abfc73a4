// The remote `update-config` command: the patch is checked twice (its own schema, then the
// whole configuration it would produce), applied to the running host, and kept only if the
// host is no less healthy after a settling time than before; otherwise the previous values come back and
// the answer says so. Only a configuration that passed is saved for the next start.
import { remoteConfigPatchSchema, type RemoteConfigPatch } from '../../../../protocol/fleet-commands.js';
import type { ActionOutcome } from './command-runner.js';

export interface ConfigTarget {
  /** The configuration this patch would give, checked like a config file; null when valid. */
  problem(patch: RemoteConfigPatch): string | null;
  /** Applies the patch now; returns the patch that undoes it. */
  apply(patch: RemoteConfigPatch): RemoteConfigPatch;
  /** Keeps the patch for the next start. */
  persist(patch: RemoteConfigPatch): Promise<void>;
  /** How much of the host works (usable devices, hub link); the change must not lower it. */
  health(): Promise<number>;
  wait(ms: number): Promise<void>;
  settleMs: number;
}

const changedKeys = (patch: RemoteConfigPatch): string =>
  [...Object.keys(patch).filter((k) => k !== 'ui'), ...Object.keys(patch.ui ?? {}).map((k) => `ui.${k}`)].sort().join(',');

export async function updateConfig(input: unknown, target: ConfigTarget): Promise<ActionOutcome> {
  const parsed = remoteConfigPatchSchema.safeParse(input);
  if (!parsed.success) return { outcome: 'refused', reason: 'invalid-config', detail: { problem: parsed.error.issues[0]?.path.join('.') || 'patch' } };
  const patch = parsed.data;
  const problem = target.problem(patch);
  if (problem) return { outcome: 'refused', reason: 'invalid-config', detail: { problem: problem.slice(0, 200) } };
  // Compared with before, not with perfect: a kiosk with a printer out of paper may still be retuned.
  const before = await target.health();
  const undo = target.apply(patch);
  await target.wait(target.settleMs);
  if ((await target.health()) < before) {
    target.apply(undo);
    return { outcome: 'failed', reason: 'unhealthy-rolled-back', detail: { keys: changedKeys(patch) } };
  }
  await target.persist(patch);
  return { outcome: 'succeeded', detail: { keys: changedKeys(patch) } };
}
