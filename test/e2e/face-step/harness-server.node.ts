// The face step's harness page as the kiosk serves it: the kiosk's own Vite build (with the
// harness page added by `--mode face-harness`) into a temporary folder, served on loopback
// with the kiosk page's security headers — so the test proves the build's copied models and
// WASM files and the CSP's 'wasm-unsafe-eval' are enough, with nothing from node_modules or a
// CDN. The ID photos come from the face fixtures, same origin (connect-src 'self').
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { contentTypeFor } from '../../../electron/shell/app-protocol.js';
import { securityHeaders } from '../../../electron/shell/csp.js';
import { resolveStaticPath } from '../../../electron/host/page-server.node.js';
import { FACE_FIXTURES } from '../face-verify/face-page.node.js';

export interface HarnessServer {
  /** The harness page's URL, without query. */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveFaceStepHarness(): Promise<HarnessServer> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'bk-face-step-'));
  // Vitest runs with NODE_ENV=test, which Vite would keep, bundling React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve('vite.config.ts'), mode: 'face-harness', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const headers = securityHeaders(null);
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = pathname.startsWith('/fixtures/') ? resolveStaticPath(FACE_FIXTURES, pathname.slice('/fixtures'.length)) : resolveStaticPath(outDir, pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { ...headers, 'content-type': contentTypeFor(file) }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/face-step.html`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
