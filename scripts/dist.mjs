// `npm run dist [-- --offline] [-- <electron-builder args>]`: build, bundle kioskctl, package.
//   - Uses a local Electron (ELECTRON_DIST_ZIP, the Electron cache, or node_modules/electron)
//     through electron-builder's `electronDist`, and says which; without one it says exactly
//     what to download and where to put it (scripts/dist-electron-zip.mjs).
//   - --offline: `electron-builder --dir` (no fpm download) then the .deb by dpkg-deb from the
//     same settings (scripts/dist-deb.mjs). Needs a local Electron.
//   - --dry-run: print the decision and the commands, run nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { chooseElectronDist } from './dist-electron-zip.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const nodeFs = {
  isFile: (p) => existsSync(p) && statSync(p).isFile(),
  isDir: (p) => existsSync(p) && statSync(p).isDirectory(),
  readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : null),
  listDirs: (p) => (existsSync(p) ? readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []),
};

function targetOf(args) {
  const platform = args.some((a) => a === '--win' || a === '-w' || a === '--windows') ? 'win32' : 'linux';
  const arch = args.includes('--arm64') ? 'arm64' : 'x64';
  return { platform, arch };
}

function run(cmd, args, dryRun) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  if (dryRun) return;
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} failed (exit ${r.status ?? r.signal})`);
}

async function main() {
  const argv = process.argv.slice(2);
  const offline = argv.includes('--offline');
  const dryRun = argv.includes('--dry-run');
  const builderArgs = argv.filter((a) => a !== '--offline' && a !== '--dry-run');
  const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const { platform, arch } = targetOf(builderArgs);

  const choice = chooseElectronDist({ version: config.electronVersion, platform, arch, env: process.env, home: os.homedir(), projectDir: root, fs: nodeFs });
  if (choice.kind === 'error') throw new Error(choice.message);
  if (choice.kind === 'download') {
    console.log(choice.message);
    if (offline) throw new Error('--offline needs a local Electron (see above)');
  } else {
    console.log(`Using Electron ${config.electronVersion} from ${choice.source}: ${choice.path}`);
  }
  const electronDist = choice.kind === 'zip' || choice.kind === 'dir' ? [`-c.electronDist=${choice.path}`] : [];

  run('npm', ['run', 'build'], dryRun);
  run(process.execPath, ['scripts/dist-cli.mjs'], dryRun);
  const builder = path.join(root, 'node_modules/.bin/electron-builder');
  if (offline) {
    if (platform !== 'linux') throw new Error('--offline builds the Linux .deb only');
    run(builder, ['--config', 'electron-builder.yml', '--linux', '--dir', ...electronDist, ...builderArgs], dryRun);
    run(process.execPath, ['scripts/dist-deb.mjs', '--unpacked', `release/linux-${arch === 'x64' ? '' : `${arch}-`}unpacked`, '--out', 'release', '--arch', arch === 'x64' ? 'amd64' : arch], dryRun);
    return;
  }
  try {
    run(builder, ['--config', 'electron-builder.yml', ...electronDist, ...builderArgs], dryRun);
  } catch (err) {
    if (choice.kind === 'download') console.error(`\n${choice.message}`);
    throw err;
  }
}

main().catch((err) => {
  console.error(`npm run dist: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
