// Bundles kioskctl for an installed kiosk: dist/cli/lib/kioskctl.cjs, run by the system's
// Node.js through /usr/bin/kioskctl (native/linux/kioskctl). The packaged Electron cannot run
// it (RunAsNode fuse off) and plain Node cannot read app.asar, so the CLI carries its own copy
// of the few packages esbuild must leave external (native addons) in dist/cli/lib/node_modules.
// (One level down because electron-builder's extraResources never copies a node_modules that
// sits at the top of the `from` directory.)
// Usage: node scripts/dist-cli.mjs [--outdir <dir>]   (default dist/cli)
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainExternals } from './build-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Debian 12's nodejs is 18.19; the Recommends in electron-builder.yml says >= 18.
export const CLI_NODE_TARGET = 'node18';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Directory of an installed package, looked up the way Node would from `fromDir`. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

/** The packages `names` need at run time, each with its install directory. */
export function runtimeClosure(names) {
  const found = new Map();
  const queue = names.map((name) => ({ name, from: root }));
  while (queue.length) {
    const { name, from } = queue.pop();
    if (found.has(name)) continue;
    const dir = packageDir(name, from);
    if (!dir) continue; // an optional dependency not installed on this platform
    found.set(name, dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) queue.push({ name: dep, from: dir });
  }
  return found;
}

/** Packages the CLI requires at run time by name, out of esbuild's sight. */
const LAZY_REQUIRES = ['serialport'];

export async function buildCli(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  const libDir = path.join(outdir, 'lib');
  const result = await build({
    entryPoints: [path.join(root, 'cli/kioskctl.ts')],
    outfile: path.join(libDir, 'kioskctl.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: CLI_NODE_TARGET,
    external: mainExternals,
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // serialport is required on first use through createRequire (drivers/transports/serialport-module.node.ts,
  // cold start), which the metafile cannot see: without it here kioskctl would ship without serial ports.
  const externals = new Set(LAZY_REQUIRES);
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imp of output.imports) if (imp.external && !builtins.has(imp.path)) externals.add(packageOf(imp.path));
  }
  const closure = runtimeClosure([...externals]);
  for (const [name, dir] of closure) {
    const target = path.join(libDir, 'node_modules', name);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(dir, target, { recursive: true, dereference: true, filter: (src) => !src.slice(dir.length).includes(`${path.sep}node_modules${path.sep}`) });
  }
  return { entry: path.join(libDir, 'kioskctl.cjs'), externals: [...externals].sort(), packages: [...closure.keys()].sort() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i === -1 ? path.join(root, 'dist/cli') : path.resolve(process.argv[i + 1] ?? '');
  const built = await buildCli(outdir);
  console.log(`kioskctl bundled to ${path.relative(process.cwd(), built.entry)} (native packages beside it: ${built.packages.join(', ') || 'none'})`);
}
