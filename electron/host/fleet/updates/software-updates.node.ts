// Software updates on the kiosk host, wired: the crash counter marks this start (before
// anything that could crash), then the update policy ticks at start and every `pollMs`,
// with its ports over the kiosk's signed link, the pinned hub key, the data dir and the
// install root. Without an install root (`npm start` from a checkout, where there is no
// versions/ tree to switch) updates are off and only the crash counter runs.
import path from 'node:path';
import type { HostConfig } from '../../config.js';
import { hubSender } from '../../hub-send.node.js';
import type { HubRequestSigner } from '../../hub-signer.node.js';
import { pinnedCommandKey } from '../commands/command-key.node.js';
import type { CustomerPresence } from '../commands/customer-presence.js';
import { CrashCounter } from './crash-counter.node.js';
import { sha512Base64 } from './release-verifier.node.js';
import { tarballInstaller } from './tarball-installer.node.js';
import { fileLedger } from './update-ledger.node.js';
import { UpdatePolicy, type UpdatePolicyOptions } from './update-policy.js';
import { fileDownloader, hubFeed, hubReport, pinnedReleaseSignature } from './update-ports.node.js';
import { VersionSwitch } from './version-switch.node.js';

export interface SoftwareUpdateDeps {
  config: Pick<HostConfig, 'kioskId' | 'branchId' | 'dataDir' | 'hubUrl'>;
  sign: HubRequestSigner;
  presence: CustomerPresence;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
  /** The directory holding versions/<v>/, current and previous; null: updates off. */
  installRoot: string | null;
  /** The version this process runs, for the crash record. */
  runningVersion: string;
  /** Whether this host came up healthy (devices, hub link) — asked in the first minutes after an update. */
  health(): Promise<boolean>;
  /** Exits cleanly so the service manager starts `current` again. */
  restart(): void;
  pollMs?: number;
  policy?: Partial<UpdatePolicyOptions>;
}

/** Default time between feed polls. */
export const DEFAULT_UPDATE_POLL_MS = 60_000;

/**
 * BRANCH_KIOSK_UPDATE_POLL_MS: how often the host asks the hub's feed (default a minute; at
 * least a second, so a typo cannot turn the poll into a tight loop). Tests and lab kiosks
 * shorten it; anything not a whole number of milliseconds keeps the default.
 */
export function updatePollMs(env: NodeJS.ProcessEnv): number {
  const raw = env.BRANCH_KIOSK_UPDATE_POLL_MS;
  const ms = raw ? Number(raw) : NaN;
  return Number.isInteger(ms) && ms > 0 ? Math.max(ms, 1_000) : DEFAULT_UPDATE_POLL_MS;
}

export async function startSoftwareUpdates(deps: SoftwareUpdateDeps): Promise<{ policy: UpdatePolicy | null; crashes: CrashCounter; close(): Promise<void> }> {
  const crashes = new CrashCounter(deps.config.dataDir);
  if (await crashes.started(Date.now(), deps.runningVersion)) deps.log.warn({ version: deps.runningVersion }, 'update: the last run ended without a clean exit (counted as a crash)');
  const close = () => crashes.exitedCleanly();
  if (!deps.installRoot) return { policy: null, crashes, close };

  const { config } = deps;
  // Once the host is closing (a failed start, a stop), a rollback that finishes meanwhile
  // must not start a second close: the process is exiting and the supervisor starts
  // whatever `current` now is.
  let closing = false;
  /** The step under way; a timer tick meanwhile joins it rather than starting another. */
  let inFlight: Promise<void> | null = null;
  const send = hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 30_000 });
  const keys = pinnedCommandKey({ dataDir: config.dataDir, kioskId: config.kioskId, send, warn: (fields, message) => deps.log.warn(fields, message) });
  const policy = new UpdatePolicy(
    {
      clock: { now: () => Date.now() },
      kiosk: { kioskId: config.kioskId, branchId: config.branchId },
      feed: hubFeed(send, config.kioskId),
      signature: pinnedReleaseSignature(keys),
      downloader: fileDownloader({ dir: path.join(config.dataDir, 'downloads') }),
      hasher: { sha512: sha512Base64 },
      installer: tarballInstaller(new VersionSwitch(deps.installRoot), () => {
        // A deliberate restart is not a crash.
        if (!closing) void crashes.exitedCleanly().finally(() => deps.restart());
      }),
      presence: deps.presence,
      health: { check: deps.health },
      crashes,
      ledger: fileLedger(config.dataDir),
      report: hubReport(send, config.kioskId),
      log: deps.log,
    },
    deps.policy,
  );
  const tick = () =>
    (inFlight ??= policy
      .tick()
      .catch((err: unknown) => deps.log.warn({ err: (err as Error).message }, 'update: policy step failed'))
      .finally(() => {
        inFlight = null;
      }));
  // Not awaited: a slow or absent hub must not hold up the host's start.
  void tick();
  const timer = setInterval(() => void tick(), deps.pollMs ?? DEFAULT_UPDATE_POLL_MS);
  timer.unref();
  return {
    policy,
    crashes,
    async close() {
      closing = true;
      clearInterval(timer);
      // A step under way finishes first: a build that fails right after start (its page not
      // served) must not exit in the middle of rolling itself back, with `current` moved but
      // the ledger or the hub's report not yet written.
      await inFlight;
      await close();
    },
  };
}
