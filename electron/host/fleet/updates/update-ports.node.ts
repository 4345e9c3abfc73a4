// The update policy's hub-facing ports on the kiosk host: the feed and the report over the
// kiosk's signed link (the same Send as sync and remote commands), the release signature
// checked with the hub key pinned for commands, and a downloader that streams the artifact to
// the data dir and stops at the size the signed manifest names.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { feedResponseSchema, SOFTWARE_UPDATE_PATHS, type SignedRelease, type UpdateOffer, type UpdateReport } from '../../../../protocol/software-updates.js';
import type { Send } from '../../hub-send.node.js';
import type { CommandKeyStore } from '../commands/command-key.node.js';
import { releaseSignatureValid } from './release-verifier.node.js';

const kioskPath = (template: string, kioskId: string) => template.replace(':kioskId', encodeURIComponent(kioskId));

export function hubFeed(send: Send, kioskId: string): { offer(): Promise<UpdateOffer | null> } {
  return {
    async offer() {
      const reply = await send('GET', kioskPath(SOFTWARE_UPDATE_PATHS.feed, kioskId));
      if (reply.status !== 200) throw new Error(`update feed answered ${reply.status}`);
      return feedResponseSchema.parse(await reply.json()).offer;
    },
  };
}

export function hubReport(send: Send, kioskId: string): (report: UpdateReport) => Promise<void> {
  return async (report) => {
    const reply = await send('POST', kioskPath(SOFTWARE_UPDATE_PATHS.report, kioskId), report);
    // Thrown, so the policy keeps the report and sends it again at its next tick.
    if (reply.status !== 204) throw new Error(`update report answered ${reply.status}`);
  };
}

export function pinnedReleaseSignature(keys: CommandKeyStore): { valid(release: SignedRelease): Promise<boolean> } {
  return { valid: async (release) => releaseSignatureValid(release, await keys.keyFor(release.keyId)) };
}

export function fileDownloader(opts: { dir: string; fetchImpl?: typeof fetch }): { download(release: SignedRelease): Promise<string>; discard(artifact: string): Promise<void> } {
  return {
    async download(release) {
      await mkdir(opts.dir, { recursive: true, mode: 0o700 });
      const final = path.join(opts.dir, `${release.version}.artifact`);
      const partial = `${final}.part`;
      const response = await (opts.fetchImpl ?? fetch)(release.url);
      if (!response.ok || !response.body) throw new Error(`artifact download answered ${response.status}`);
      let received = 0;
      // The manifest is signed, its size too: a server sending more is cut off, not believed.
      const capped = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>).on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > release.size) capped.destroy(new Error('artifact larger than the release says'));
      });
      try {
        await pipeline(capped, createWriteStream(partial, { mode: 0o600 }));
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      if (received !== release.size) {
        await rm(partial, { force: true });
        throw new Error(`artifact is ${received} bytes, the release says ${release.size}`);
      }
      await rename(partial, final);
      return final;
    },
    discard: (artifact) => rm(artifact, { force: true }),
  };
}
