// The kiosk's software-update policy, as a state machine (DESIGN §7: explicit states, an
// allowed-moves table, one setter that logs "old → new" and reports). Everything with an
// effect is a port, so tests drive it with a fake feed and a fake clock:
//
//   idle ──offer, signed──▶ downloading ──▶ verifying ──sha512 ok──▶ staged
//   staged ──window open, no customer──▶ installing ──switch──▶ running-new (watched)
//   running-new ──M minutes, < N crashes, health ok──▶ idle
//   running-new ──N crashes within M minutes, or a failed health check in the first K s──▶ rolled-back
//   bad signature, bad hash, failed install ──▶ failed
//
// A release that failed verification or was rolled back is remembered (`rejected`) and never
// tried again here; the hub publishes a new version instead. The watch is persisted before the
// switch, so a host that crashes on start with the new build still finds it and rolls back.
import type { SignedRelease, UpdateFailure, UpdateOffer, UpdateReport, UpdateState } from '../../../../protocol/software-updates.js';
import { windowOpen } from './maintenance-window.js';
import { offerEligibility, type KioskIdentity } from './rollout-eligibility.js';

const ALLOWED: Record<UpdateState, readonly UpdateState[]> = {
  idle: ['downloading', 'failed', 'running-new'],
  downloading: ['verifying', 'failed'],
  verifying: ['staged', 'failed'],
  // Back to idle: the offer was withdrawn (rollout paused, superseded) before the window opened.
  staged: ['installing', 'idle'],
  installing: ['running-new', 'failed'],
  'running-new': ['idle', 'rolled-back'],
  'rolled-back': ['downloading', 'failed', 'idle'],
  failed: ['downloading', 'failed', 'idle', 'running-new'],
};

/** What survives a restart: the watch over a freshly switched version, and releases refused here. */
export interface UpdateLedger {
  watching: { version: string; previousVersion: string; switchedAt: number } | null;
  rejected: string[];
}

export interface UpdatePorts {
  clock: { now(): number };
  kiosk: KioskIdentity;
  feed: { offer(): Promise<UpdateOffer | null> };
  /** Ed25519 signature of the manifest by the pinned hub key; checked before any byte is downloaded. */
  signature: { valid(release: SignedRelease): Promise<boolean> };
  downloader: { download(release: SignedRelease): Promise<string>; discard(artifact: string): Promise<void> };
  /** sha512 of the downloaded artifact, base64 (latest.yml's form). */
  hasher: { sha512(artifact: string): Promise<string> };
  installer: {
    currentVersion(): Promise<string>;
    /** Unpacks the verified artifact into its own version directory; `current` is untouched. */
    stage(release: SignedRelease, artifact: string): Promise<void>;
    switchTo(version: string): Promise<void>;
    rollBack(): Promise<void>;
    /** Restarts the host on whatever `current` now is (not in tests). */
    restart(): void;
  };
  presence: { readonly present: boolean };
  health: { check(): Promise<boolean> };
  /** Crashes recorded (by the crash counter, across restarts) at or after `since`. */
  crashes: { since(since: number): Promise<number> };
  ledger: { load(): Promise<UpdateLedger>; save(ledger: UpdateLedger): Promise<void> };
  report(report: UpdateReport): Promise<void>;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}

export interface UpdatePolicyOptions {
  crashLimit: number;
  crashWindowMs: number;
  healthWindowMs: number;
}

export const DEFAULT_UPDATE_POLICY: UpdatePolicyOptions = { crashLimit: 3, crashWindowMs: 10 * 60_000, healthWindowMs: 120_000 };

interface Staged {
  release: SignedRelease;
  artifact: string;
}

export class UpdatePolicy {
  private current: UpdateState = 'idle';
  /** The release the current state is about. */
  private target: string | null = null;
  private staged: Staged | null = null;
  private ticking = false;
  private unsentReport: UpdateReport | null = null;
  /** When this process started: the health check counts from here. */
  private readonly startedAt: number;
  private healthPassed = false;
  private readonly options: UpdatePolicyOptions;

  constructor(
    private readonly ports: UpdatePorts,
    options: Partial<UpdatePolicyOptions> = {},
  ) {
    this.options = { ...DEFAULT_UPDATE_POLICY, ...options };
    this.startedAt = ports.clock.now();
  }

  get state(): UpdateState {
    return this.current;
  }

  /** One step; the host calls it at start (before the crash-looping build can crash again) and on a timer. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (this.unsentReport) await this.send(this.unsentReport);
      const ledger = await this.ports.ledger.load();
      if (ledger.watching) await this.watch(ledger);
      else if (this.current === 'staged' && this.staged) await this.installWhenAllowed(ledger, this.staged);
      else await this.poll(ledger);
    } catch (err) {
      await this.recover(err as Error);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * A port that threw mid-step (disk full, file vanished) must not leave the machine in a
   * passing state from which the next tick's move is not allowed: such a step ends as failed
   * (not rejected: the next poll tries again) and the error propagates to the host's log.
   */
  private async recover(err: Error): Promise<void> {
    const reason: UpdateFailure | null = this.current === 'downloading' || this.current === 'verifying' ? 'download-failed' : this.current === 'installing' ? 'install-failed' : null;
    if (reason && this.target) {
      this.staged = null;
      await this.set('failed', this.target, { reason }).catch(() => undefined);
    }
    throw err;
  }

  private async poll(ledger: UpdateLedger): Promise<void> {
    const offer = await this.eligibleOffer(ledger);
    if (!offer) return;
    const { release } = offer;
    if (!(await this.ports.signature.valid(release))) {
      await this.reject(ledger, release.version, 'bad-signature');
      return;
    }
    await this.set('downloading', release.version);
    let artifact: string;
    try {
      artifact = await this.ports.downloader.download(release);
    } catch (err) {
      // Not rejected: the network may be back at the next poll.
      this.ports.log.warn({ version: release.version, err: (err as Error).message }, 'update: download failed');
      await this.set('failed', release.version, { reason: 'download-failed' });
      return;
    }
    await this.set('verifying', release.version);
    if ((await this.ports.hasher.sha512(artifact)) !== release.sha512) {
      await this.ports.downloader.discard(artifact);
      await this.reject(ledger, release.version, 'bad-hash');
      return;
    }
    try {
      await this.ports.installer.stage(release, artifact);
    } catch (err) {
      this.ports.log.warn({ version: release.version, err: (err as Error).message }, 'update: staging failed');
      await this.ports.downloader.discard(artifact);
      await this.set('failed', release.version, { reason: 'install-failed' });
      return;
    }
    this.staged = { release, artifact };
    await this.set('staged', release.version);
    await this.installWhenAllowed(ledger, this.staged);
  }

  private async installWhenAllowed(ledger: UpdateLedger, staged: Staged): Promise<void> {
    // Asked again each time: a paused or superseded rollout must not install what it staged.
    const offer = await this.eligibleOffer(ledger);
    if (!offer || offer.release.version !== staged.release.version || offer.release.sha512 !== staged.release.sha512) {
      this.staged = null;
      await this.ports.downloader.discard(staged.artifact);
      await this.set('idle', staged.release.version);
      return;
    }
    const now = this.ports.clock.now();
    if (!windowOpen(offer.rollout.window, now) || this.ports.presence.present) return;
    const { version } = staged.release;
    const previousVersion = await this.ports.installer.currentVersion();
    await this.set('installing', version);
    // The watch is saved before the switch: a build that dies at once is still watched.
    await this.ports.ledger.save({ ...ledger, watching: { version, previousVersion, switchedAt: now } });
    try {
      await this.ports.installer.switchTo(version);
    } catch (err) {
      this.ports.log.warn({ version, err: (err as Error).message }, 'update: switch failed');
      this.staged = null;
      await this.reject({ ...ledger, watching: null }, version, 'install-failed');
      return;
    }
    this.staged = null;
    await this.ports.downloader.discard(staged.artifact);
    await this.set('running-new', version);
    this.ports.installer.restart();
  }

  private async watch(ledger: UpdateLedger): Promise<void> {
    const watching = ledger.watching;
    if (!watching) return;
    // Killed between saving the watch and switching: the old build still runs, nothing to watch.
    if ((await this.ports.installer.currentVersion()) !== watching.version) {
      await this.ports.ledger.save({ ...ledger, watching: null });
      if (this.current !== 'idle') await this.set('idle', watching.version);
      return;
    }
    if (this.current !== 'running-new') await this.set('running-new', watching.version);
    const now = this.ports.clock.now();
    const crashes = await this.ports.crashes.since(watching.switchedAt);
    if (crashes >= this.options.crashLimit) return this.rollBack(ledger, watching.version, 'crash-loop');
    if (!this.healthPassed && now - this.startedAt <= this.options.healthWindowMs) {
      if (!(await this.ports.health.check())) return this.rollBack(ledger, watching.version, 'health-check');
      this.healthPassed = true;
    }
    if (now - watching.switchedAt >= this.options.crashWindowMs) {
      await this.ports.ledger.save({ ...ledger, watching: null });
      await this.set('idle', watching.version, { previousVersion: watching.previousVersion });
    }
  }

  private async rollBack(ledger: UpdateLedger, version: string, reason: UpdateFailure): Promise<void> {
    this.ports.log.warn({ version, reason }, 'update: rolling back to the previous version');
    await this.ports.installer.rollBack();
    await this.ports.ledger.save({ watching: null, rejected: [...ledger.rejected, version] });
    await this.set('rolled-back', version, { reason, previousVersion: version });
    this.ports.installer.restart();
  }

  private async reject(ledger: UpdateLedger, version: string, reason: UpdateFailure): Promise<void> {
    await this.ports.ledger.save({ ...ledger, rejected: [...ledger.rejected, version] });
    await this.set('failed', version, { reason });
  }

  private async eligibleOffer(ledger: UpdateLedger): Promise<UpdateOffer | null> {
    let offer: UpdateOffer | null;
    try {
      offer = await this.ports.feed.offer();
    } catch (err) {
      this.ports.log.warn({ err: (err as Error).message }, 'update: feed not read');
      return null;
    }
    if (!offer) return null;
    const currentVersion = await this.ports.installer.currentVersion();
    const verdict = offerEligibility(offer, this.ports.kiosk, { now: this.ports.clock.now(), currentVersion, rejected: ledger.rejected });
    return verdict.eligible ? offer : null;
  }

  /** The only way the state changes; reports every change to the hub. */
  private async set(next: UpdateState, targetVersion: string, extra: { reason?: UpdateFailure; previousVersion?: string } = {}): Promise<void> {
    const { reason } = extra;
    const from = this.current;
    if (!ALLOWED[from].includes(next)) throw new Error(`update: ${from} → ${next} is not an allowed move`);
    this.current = next;
    this.target = targetVersion;
    this.ports.log.info({ from, to: next, version: targetVersion, ...(reason ? { reason } : {}) }, `update: ${from} → ${next}`);
    const currentVersion = await this.ports.installer.currentVersion();
    const previousVersion = extra.previousVersion ?? (await this.ports.ledger.load()).watching?.previousVersion ?? null;
    await this.send({
      currentVersion,
      previousVersion,
      targetVersion,
      state: next,
      ...(reason ? { reason } : {}),
      at: new Date(this.ports.clock.now()).toISOString(),
    });
  }

  private async send(report: UpdateReport): Promise<void> {
    try {
      await this.ports.report(report);
      this.unsentReport = null;
    } catch (err) {
      // Only the latest report matters to the hub; it is sent again at the next tick.
      this.unsentReport = report;
      this.ports.log.warn({ err: (err as Error).message, state: report.state }, 'update: report not sent');
    }
  }
}
