// Bundles the Electron entry points (DESIGN.md §2):
//   electron/main.ts    → dist/electron/main.cjs     (main process; native and heavy packages stay external)
//   electron/preload.ts → dist/electron/preload.cjs  (sandboxed preload; everything inlined)
//   electron/host/headless-host.main.node.ts → dist/electron/host-app.cjs  (host + page server, plain Node)
//   electron/host/headless-host-loader.main.node.ts → dist/electron/host.cjs  (runs host-app.cjs from a V8 code cache)
// A sandboxed preload can require nothing but 'electron' (and a few polyfills we do not
// use), so it is bundled whole; test/packaging/build-electron.test.ts checks that.
// Usage: node scripts/build-electron.mjs [--outdir <dir>]   (default dist/electron)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Left to require() at run time, from the app's production node_modules:
 * - native addons and their loaders (.node files cannot be bundled, and electron-builder
 *   unpacks them from the asar);
 * - packages that load files next to themselves at run time: pino's worker transports
 *   (thread-stream), PGlite's WASM and data bundle, pg's optional native binding;
 * - ws with its optional native helpers;
 * - @pinyin-pro/data, the Help search's pinyin lexicon (4.5 MB of JavaScript, imported only
 *   on the first search): inlined it was two thirds of host.cjs, and V8 parses the whole file
 *   at every start before the page can be served (cold start, issue 15).
 * Every one of these must be a production dependency, or electron-builder will not ship it.
 */
export const mainExternals = [
  'electron',
  'sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  'usb',
  'pcsclite',
  '@pokusew/pcsclite',
  'bindings',
  'node-gyp-build',
  'pg',
  'pg-native',
  '@electric-sql/pglite',
  'pino',
  'pino-*',
  'thread-stream',
  'sonic-boom',
  'ws',
  'bufferutil',
  'utf-8-validate',
  'fastify',
  '@pinyin-pro/data',
];

function outdirFromArgs(argv) {
  const i = argv.indexOf('--outdir');
  if (i === -1) return path.join(root, 'dist/electron');
  const dir = argv[i + 1];
  if (!dir) throw new Error('--outdir needs a directory');
  return path.resolve(dir);
}

export async function buildElectron(outdir) {
  const common = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  // Main and the device worker run under Node in Electron; the host is ESM source, and in a
  // CJS bundle import.meta is empty, so code that locates files relative to itself gets the
  // bundle's own URL.
  const nodeBundle = (entry, outfile) =>
    build({
      ...common,
      entryPoints: [path.join(root, entry)],
      outfile: path.join(outdir, outfile),
      platform: 'node',
      target: 'node22',
      external: mainExternals,
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
  await Promise.all([
    nodeBundle('electron/main.ts', 'main.cjs'),
    nodeBundle('electron/host/devices/device-worker.node.ts', 'device-worker.cjs'),
    // The headless host (no Electron, no embedded hub): the packaged host unit and benches.
    // host.cjs is a small loader that runs host-app.cjs from a V8 code cache (cold start).
    nodeBundle('electron/host/headless-host.main.node.ts', 'host-app.cjs'),
    nodeBundle('electron/host/headless-host-loader.main.node.ts', 'host.cjs'),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      platform: 'browser',
      target: 'chrome130',
      external: ['electron'],
    }),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = outdirFromArgs(process.argv.slice(2));
  await buildElectron(outdir);
  console.log(`electron bundles written to ${path.relative(process.cwd(), outdir) || '.'}`);
}
