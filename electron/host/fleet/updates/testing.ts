// Fakes for the update policy's ports: a feed the test sets, a clock the test moves, an
// installer that switches versions in memory, a crash log, and a record of every report.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { CommandKey } from '../../../../protocol/fleet-commands.js';
import { releaseSigningText, type ReleaseManifest, type Rollout, type SignedRelease, type UpdateOffer, type UpdateReport } from '../../../../protocol/software-updates.js';
import { releaseSignatureValid } from './release-verifier.node.js';
import type { UpdateLedger, UpdatePorts } from './update-policy.js';

/** A hub command key for tests: signs releases as the hub would. */
export function testHubKey(): { key: CommandKey; sign(manifest: ReleaseManifest): SignedRelease } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  const key: CommandKey = { keyId: `cmd-${x.slice(0, 16)}`, alg: 'Ed25519', publicKey: x };
  return {
    key,
    sign(manifest) {
      const unsigned = { ...manifest, keyId: key.keyId };
      return { ...unsigned, signature: sign(null, Buffer.from(releaseSigningText(unsigned), 'utf8'), privateKey).toString('base64url') };
    },
  };
}

export const fakeSha512 = (content: string) => Buffer.from(content.padEnd(64, '.').slice(0, 64)).toString('base64');

export class FakeUpdateWorld {
  now: number;
  offer: UpdateOffer | null = null;
  /** Shaped like CustomerPresence (fleet/commands), which the host passes in. */
  readonly presence = { present: false };
  healthy = true;
  /** What each downloaded artifact contains; the hasher "hashes" it with fakeSha512. */
  artifactContent = new Map<string, string>();
  tamper: string | null = null;
  current: string;
  previous: string | null = null;
  staged = new Set<string>();
  discarded: string[] = [];
  downloads: string[] = [];
  restarts = 0;
  crashes: number[] = [];
  ledger: UpdateLedger = { watching: null, rejected: [] };
  reports: UpdateReport[] = [];

  constructor(
    private readonly key: CommandKey,
    options: { now: number; current: string },
  ) {
    this.now = options.now;
    this.current = options.current;
  }

  advance(ms: number): void {
    this.now += ms;
  }

  states(): string[] {
    return this.reports.map((report) => (report.reason ? `${report.state}:${report.reason}` : report.state));
  }

  ports(kiosk = { kioskId: 'K1001', branchId: 'BR001' }): UpdatePorts {
    return {
      clock: { now: () => this.now },
      kiosk,
      feed: { offer: async () => this.offer },
      signature: { valid: async (release) => releaseSignatureValid(release, this.key) },
      downloader: {
        download: async (release) => {
          const artifact = `/downloads/${release.version}.tar.gz`;
          this.downloads.push(release.version);
          this.artifactContent.set(artifact, this.tamper ?? release.version);
          return artifact;
        },
        discard: async (artifact) => {
          this.discarded.push(artifact);
        },
      },
      hasher: { sha512: async (artifact) => fakeSha512(this.artifactContent.get(artifact) ?? '') },
      installer: {
        currentVersion: async () => this.current,
        stage: async (release) => {
          this.staged.add(release.version);
        },
        switchTo: async (version) => {
          if (!this.staged.has(version)) throw new Error('not staged');
          this.previous = this.current;
          this.current = version;
        },
        rollBack: async () => {
          if (!this.previous) throw new Error('nothing to roll back to');
          this.current = this.previous;
          this.previous = null;
        },
        restart: () => {
          this.restarts += 1;
        },
      },
      presence: this.presence,
      health: { check: async () => this.healthy },
      crashes: { since: async (since) => this.crashes.filter((at) => at >= since).length },
      ledger: {
        load: async () => structuredClone(this.ledger),
        save: async (ledger) => {
          this.ledger = structuredClone(ledger);
        },
      },
      report: async (report) => {
        this.reports.push(report);
      },
      log: { info: () => undefined, warn: () => undefined },
    };
  }
}

export function offerOf(release: SignedRelease, rollout: Partial<Rollout> = {}): UpdateOffer {
  return {
    release,
    rollout: {
      rolloutId: '0193a7c0-0000-7000-8000-000000000001',
      version: release.version,
      target: { branches: ['BR001'], percentage: 0 },
      window: { from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' },
      startsAt: '2026-12-01T00:00:00Z',
      paused: false,
      ...rollout,
    },
  };
}
