// Entry of the bundled headless host (dist/electron/host.cjs): prints one line with the page
// URL once the page is served (the cold-start benchmark waits for it), stops on SIGTERM/SIGINT.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRendererDir, startHeadlessHost } from './headless-host.node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.BRANCH_KIOSK_PORT ?? 0);
startHeadlessHost({ rendererDir: defaultRendererDir(here), port }).then(
  (running) => {
    process.stdout.write(`kiosk page ${running.page.url}\n`);
    const stop = () => void running.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (err: unknown) => {
    process.stderr.write(`branch-kiosk host failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
