// The configuration the hub changed (remote `update-config`), on the running host and on disk.
// Only the fields of remoteConfigPatchSchema exist here; a patch that passed its health check
// is merged into <data dir>/remote-config.json (0600) and applied again at the next start,
// on top of the config file, environment and flags.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { remoteConfigPatchSchema, type RemoteConfigPatch } from '../../../../protocol/fleet-commands.js';
import { hostConfigSchema, type HostConfig } from '../../config.js';
import type { HostLogger } from '../../log.node.js';

export const REMOTE_CONFIG_FILE = 'remote-config.json';

export function mergePatch(base: RemoteConfigPatch | null, patch: RemoteConfigPatch): RemoteConfigPatch {
  const ui = { ...(base?.ui ?? {}), ...(patch.ui ?? {}) };
  return { ...(base ?? {}), ...patch, ...(Object.keys(ui).length > 0 ? { ui } : {}) };
}

/** The config this patch gives, or a problem text (issue paths and messages, no values). */
export function checkPatched(config: HostConfig, patch: RemoteConfigPatch): string | null {
  const candidate = { ...config, ...(patch.logLevel ? { logLevel: patch.logLevel } : {}), ui: { ...config.ui, ...(patch.ui ?? {}) } };
  const parsed = hostConfigSchema.safeParse(candidate);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  const ui = parsed.data.ui;
  // The warning must come before the timeout, or the customer is never asked.
  if (ui.idleWarningMs >= ui.idleTimeoutMs) return 'ui.idleWarningMs: must be shorter than ui.idleTimeoutMs';
  return null;
}

/** Applies the patch to the live config (the page reads ui on its next load) and logger; returns the undo patch. */
export function applyPatch(config: HostConfig, log: Pick<HostLogger, 'level'>, patch: RemoteConfigPatch): RemoteConfigPatch {
  const undoUi: NonNullable<RemoteConfigPatch['ui']> = {};
  for (const key of Object.keys(patch.ui ?? {}) as (keyof NonNullable<RemoteConfigPatch['ui']>)[]) {
    Object.assign(undoUi, { [key]: config.ui[key] });
    Object.assign(config.ui, { [key]: patch.ui?.[key] });
  }
  const undo: RemoteConfigPatch = Object.keys(undoUi).length > 0 ? { ui: undoUi } : {};
  if (patch.logLevel) {
    undo.logLevel = config.logLevel === 'silent' ? 'fatal' : config.logLevel;
    config.logLevel = patch.logLevel;
    log.level = patch.logLevel;
  }
  return undo;
}

export async function readRemoteConfig(dataDir: string): Promise<RemoteConfigPatch | null> {
  try {
    return remoteConfigPatchSchema.parse(JSON.parse(await readFile(path.join(dataDir, REMOTE_CONFIG_FILE), 'utf8')));
  } catch {
    return null;
  }
}

export async function persistRemoteConfig(dataDir: string, patch: RemoteConfigPatch): Promise<void> {
  const file = path.join(dataDir, REMOTE_CONFIG_FILE);
  const merged = mergePatch(await readRemoteConfig(dataDir), patch);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(merged), { mode: 0o600 });
  await rename(temp, file);
}

/** At start: the hub's last accepted changes over the local configuration (if still valid). */
export async function applyStoredRemoteConfig(config: HostConfig, log: HostLogger): Promise<void> {
  const stored = await readRemoteConfig(config.dataDir);
  if (!stored) return;
  const problem = checkPatched(config, stored);
  if (problem) {
    log.warn({ problem }, 'fleet: stored remote configuration no longer fits; ignored');
    return;
  }
  applyPatch(config, log, stored);
  log.info({ keys: Object.keys(stored) }, 'fleet: remote configuration applied');
}
