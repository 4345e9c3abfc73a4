// Builds the .deb offline with dpkg-deb, from electron-builder's unpacked app
// (`electron-builder --dir`, release/linux-unpacked) and the SAME deb settings in
// electron-builder.yml that fpm uses online: install dir /opt/<productName>, the `deb.fpm`
// `source=destination` files, the maintainer scripts (macros expanded the way
// electron-builder expands them), Depends, Recommends, Priority. electron-builder's deb
// target downloads fpm; this path needs nothing but dpkg-deb, so `npm run dist -- --offline`
// and the packaging test can build and inspect the real package without the internet.
// Not staged: the desktop entry and icons fpm adds (a kiosk has no desktop menu).
// Usage: node scripts/dist-deb.mjs [--unpacked release/linux-unpacked] [--out release] [--arch amd64|arm64]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function readBuilderConfig(projectDir = root) {
  return parse(readFileSync(path.join(projectDir, 'electron-builder.yml'), 'utf8'));
}

/** electron-builder installs to /opt/<sanitized productName>; we allow only names that need no sanitising. */
export function installDir(config) {
  const name = config.productName;
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new Error(`productName "${name}" would install to a path with a space or special character; keep it [A-Za-z0-9._-]`);
  }
  return `/opt/${name}`;
}

/** Splits `deb.fpm` into the options fpm gets and the `source=destination` file mappings. */
export function fpmEntries(fpm = []) {
  const files = [];
  let beforeRemove = null;
  for (let i = 0; i < fpm.length; i++) {
    const arg = fpm[i];
    if (arg === '--before-remove') beforeRemove = fpm[++i] ?? null;
    else if (arg.startsWith('--before-remove=')) beforeRemove = arg.slice('--before-remove='.length);
    else if (arg.startsWith('-')) throw new Error(`deb.fpm option ${arg} is not staged by scripts/dist-deb.mjs; teach it or drop the option`);
    else {
      const eq = arg.indexOf('=');
      if (eq <= 0) throw new Error(`deb.fpm entry "${arg}" is not source=destination`);
      files.push({ source: arg.slice(0, eq), dest: arg.slice(eq + 1) });
    }
  }
  return { files, beforeRemove };
}

/** What electron-builder's FpmTarget does to a script template: ${name} from a fixed set, else an error. */
export function expandTemplate(text, values) {
  return text.replace(/\$\{([a-zA-Z]+)\}/g, (_m, key) => {
    if (!(key in values)) throw new Error(`Macro ${key} is not defined`);
    return String(values[key]);
  });
}

/** The fields dpkg-deb writes into DEBIAN/control, from the yml and package.json. */
export function controlFields(config, pkg, arch = 'amd64') {
  const linux = config.linux ?? {};
  const deb = config.deb ?? {};
  const homepage = config.extraMetadata?.homepage ?? pkg.homepage;
  const fields = {
    Package: deb.packageName ?? pkg.name,
    Version: pkg.version,
    Architecture: arch,
    Maintainer: deb.maintainer ?? linux.maintainer,
    Depends: (deb.depends ?? []).join(', '),
    Recommends: (deb.recommends ?? []).join(', '),
    Section: deb.packageCategory ?? 'misc',
    Priority: deb.priority ?? 'optional',
    ...(homepage ? { Homepage: homepage } : {}),
    Description: `${linux.synopsis ?? pkg.description}\n ${pkg.description}`,
  };
  for (const [key, value] of Object.entries(fields)) if (!value) throw new Error(`control field ${key} is empty`);
  return fields;
}

const controlText = (fields) => `${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;

function copyMapped(source, dest) {
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(source, dest);
  chmodSync(dest, statSync(source).mode & 0o7777); // fpm keeps the source file's mode
}

/**
 * Lays out the package tree in stageDir (files + DEBIAN/) and returns what went where.
 * @param {{ projectDir?: string, unpackedDir: string, stageDir: string, arch?: string }} o
 */
export function stageDebTree(o) {
  const projectDir = o.projectDir ?? root;
  const config = readBuilderConfig(projectDir);
  const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const appDir = installDir(config);
  const executable = config.linux?.executableName ?? pkg.name;
  const { files, beforeRemove } = fpmEntries(config.deb?.fpm);

  if (!existsSync(path.join(o.unpackedDir, executable))) throw new Error(`${o.unpackedDir} has no ${executable}: run electron-builder --linux --dir first`);
  const appTarget = path.join(o.stageDir, appDir);
  mkdirSync(path.dirname(appTarget), { recursive: true });
  cpSync(o.unpackedDir, appTarget, { recursive: true, verbatimSymlinks: true });

  // The macros electron-builder offers a template (FpmTarget.createScripts).
  const macros = { executable, sanitizedProductName: config.productName, productFilename: executable, ...config.linux };
  // electron-builder writes the AppArmor profile into resources/ while building the deb.
  const require = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const templates = path.join(path.dirname(require.resolve('app-builder-lib/package.json')), 'templates/linux');
  writeFileSync(path.join(appTarget, 'resources/apparmor-profile'), expandTemplate(readFileSync(path.join(templates, 'apparmor-profile.tpl'), 'utf8'), macros));

  for (const f of files) copyMapped(path.join(projectDir, f.source), path.join(o.stageDir, f.dest));

  const debian = path.join(o.stageDir, 'DEBIAN');
  mkdirSync(debian, { recursive: true });
  const scripts = { postinst: config.deb?.afterInstall, postrm: config.deb?.afterRemove, prerm: beforeRemove };
  for (const [name, source] of Object.entries(scripts)) {
    if (!source) continue;
    const text = readFileSync(path.join(projectDir, source), 'utf8');
    // afterInstall/afterRemove go through electron-builder's template expansion; --before-remove goes to fpm as is.
    writeFileSync(path.join(debian, name), name === 'prerm' ? text : expandTemplate(text, macros), { mode: 0o755 });
    chmodSync(path.join(debian, name), 0o755);
  }
  // fpm marks every file under /etc as a conffile.
  const conffiles = files.map((f) => f.dest).filter((d) => d.startsWith('/etc/'));
  if (conffiles.length) writeFileSync(path.join(debian, 'conffiles'), `${conffiles.join('\n')}\n`);
  const fields = controlFields(config, pkg, o.arch);
  writeFileSync(path.join(debian, 'control'), controlText(fields));
  return { appDir, executable, files, fields, scripts: Object.keys(scripts).filter((k) => scripts[k]) };
}

/**
 * Stages and builds <name>_<version>_<arch>.deb in outDir; returns its path. Compressed with
 * xz like electron-builder's deb; tests pass 'none' to save a minute of CPU.
 * @param {{ projectDir?: string, unpackedDir: string, outDir: string, arch?: string, compression?: 'xz' | 'gzip' | 'none' }} o
 */
export function buildDeb(o) {
  const stageDir = mkdtempSync(path.join(os.tmpdir(), 'branch-kiosk-deb-'));
  try {
    const staged = stageDebTree({ ...o, stageDir });
    mkdirSync(o.outDir, { recursive: true });
    const file = path.join(o.outDir, `${staged.fields.Package}_${staged.fields.Version}_${staged.fields.Architecture}.deb`);
    // --root-owner-group: every file root:root, as fpm does; the postinst sets the kiosk's own.
    execFileSync('dpkg-deb', ['--root-owner-group', `-Z${o.compression ?? 'xz'}`, '--build', stageDir, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    return file;
  } finally {
    rmSync(stageDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : path.resolve(process.argv[i + 1] ?? '');
  };
  const archIndex = process.argv.indexOf('--arch');
  const arch = archIndex === -1 ? 'amd64' : (process.argv[archIndex + 1] ?? 'amd64');
  const file = buildDeb({ unpackedDir: arg('--unpacked', path.join(root, 'release/linux-unpacked')), outDir: arg('--out', path.join(root, 'release')), arch });
  console.log(`deb built offline with dpkg-deb: ${path.relative(process.cwd(), file)}`);
}
