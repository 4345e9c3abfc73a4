// Software updates at the hub: publishes releases signed with the fleet command key (the one
// kiosks already pinned), runs rollouts, answers each kiosk's feed and keeps its reports.
import type { Logger } from 'pino';
import {
  releaseSigningText,
  type ChangeRolloutRequest,
  type ReleaseManifest,
  type Release,
  type Rollout,
  type StartRolloutRequest,
  type UpdateOffer,
  type UpdateReport,
  type VersionsResponse,
} from '../../../protocol/software-updates.js';
import type { Clock } from '../../assist/clock.js';
import type { Database } from '../../storage/queryable.js';
import type { CommandSigner } from '../commands/command-signer.node.js';
import * as store from './update-store.js';

export interface Staff {
  staffId: string;
}

export class UpdateService {
  constructor(private readonly opts: { db: Database; signer: Pick<CommandSigner, 'key' | 'signText'>; clock: Clock; logger: Logger }) {}

  /** Null when this version was published before: a version names one artifact, for good. */
  async publish(manifest: ReleaseManifest, by: Staff): Promise<Release | null> {
    const unsigned = { ...manifest, keyId: this.opts.signer.key.keyId };
    const signed = { ...unsigned, signature: this.opts.signer.signText(releaseSigningText(unsigned)) };
    const release = await store.insertRelease(this.opts.db, signed, by.staffId, new Date(this.opts.clock.now()));
    if (release) this.opts.logger.info({ version: release.version, staffId: by.staffId }, 'updates: release published');
    return release;
  }

  releases(): Promise<Release[]> {
    return store.listReleases(this.opts.db);
  }

  async start(request: StartRolloutRequest, by: Staff): Promise<Rollout | null> {
    const now = new Date(this.opts.clock.now());
    const rollout: Rollout = {
      rolloutId: globalThis.crypto.randomUUID(),
      version: request.version,
      target: request.target,
      window: request.window,
      startsAt: request.startsAt ?? now.toISOString(),
      paused: false,
    };
    const started = await store.insertRollout(this.opts.db, rollout, by.staffId, now);
    if (started) this.opts.logger.info({ rolloutId: started.rolloutId, version: started.version, target: started.target, staffId: by.staffId }, 'updates: rollout started');
    return started;
  }

  rollouts(): Promise<Rollout[]> {
    return store.listRollouts(this.opts.db);
  }

  async change(rolloutId: string, change: ChangeRolloutRequest, by: Staff): Promise<store.RolloutChange> {
    const result = await store.changeRollout(this.opts.db, rolloutId, change, by.staffId, new Date(this.opts.clock.now()));
    if (result.ok) this.opts.logger.info({ rolloutId, change, staffId: by.staffId }, 'updates: rollout changed');
    return result;
  }

  offerFor(kioskId: string): Promise<UpdateOffer | null> {
    return store.offerFor(this.opts.db, kioskId, new Date(this.opts.clock.now()));
  }

  async report(kioskId: string, report: UpdateReport): Promise<void> {
    await store.recordReport(this.opts.db, kioskId, report, new Date(this.opts.clock.now()));
    // Rollbacks and failures are what an operator acts on; the rest is routine.
    const level = report.state === 'rolled-back' || report.state === 'failed' ? 'warn' : 'info';
    this.opts.logger[level]({ kioskId, state: report.state, version: report.targetVersion, reason: report.reason }, 'updates: kiosk report');
  }

  versions(): Promise<VersionsResponse> {
    return store.versionsByBranch(this.opts.db);
  }
}
