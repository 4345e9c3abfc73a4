// Entry of the bundled headless host (dist/electron/host.cjs): prints one line with the page
// URL once the page server listens (the cold-start benchmark and the supervisor tests wait for
// it; requests wait for the host services behind it), stops on SIGTERM/SIGINT.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRendererDir, startHeadlessHost, type HeadlessHost } from './headless-host.node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.BRANCH_KIOSK_PORT ?? 0);
const starting: Promise<HeadlessHost> = startHeadlessHost({
  rendererDir: defaultRendererDir(here),
  port,
  onPageServed: (page) => process.stdout.write(`kiosk page ${page.url}\n`),
});
// Installed before the start ends, now that the line comes before it: a stop during the
// start waits for it, then closes cleanly (a failed start exits 1 below).
const stop = () => void starting.then((running) => running.close().finally(() => process.exit(0)), () => undefined);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
starting.catch((err: unknown) => {
  process.stderr.write(`branch-kiosk host failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
