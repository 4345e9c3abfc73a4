// The kiosk .deb, built offline the way `npm run dist -- --offline` builds it (real
// electron-builder --dir with a stand-in Electron, then dpkg-deb from the same yml), then:
// read with dpkg-deb (fields, files, modes, maintainer scripts), every unit checked by
// systemd-analyze verify where it is installed, every shell script by shellcheck, and the
// package installed, upgraded, removed and purged by the real dpkg in a throwaway mount
// namespace (test/packaging/deb-sandbox.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDir, readBuilderConfig } from '../../scripts/dist-deb.mjs';
import { buildTestDeb, root, type BuiltDeb } from './deb-build.node.js';

interface Entry {
  mode: string;
  owner: string;
  path: string;
}

let built: BuiltDeb;
let extracted = '';
let entries: Entry[] = [];
let info = '';
const config = readBuilderConfig(root);
const appDir = installDir(config);

const dpkgDeb = (...args: string[]) => execFileSync('dpkg-deb', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const entry = (p: string) => entries.find((e) => e.path === p);
const field = (name: string) => new RegExp(`^ ${name}: (.*)$`, 'm').exec(info)?.[1] ?? '';

beforeAll(async () => {
  built = await buildTestDeb();
  info = dpkgDeb('-I', built.deb);
  entries = dpkgDeb('-c', built.deb)
    .trim()
    .split('\n')
    .map((line) => {
      const [mode = '', owner = '', , , , ...rest] = line.split(/\s+/);
      return { mode, owner, path: rest.join(' ').replace(/^\.\//, '/').replace(/ -> .*$/, '') };
    });
  extracted = path.join(built.work, 'extracted');
  mkdirSync(extracted);
  dpkgDeb('-R', built.deb, extracted);
}, 300_000);

afterAll(() => {
  if (built) rmSync(built.work, { recursive: true, force: true }); // ~250 MB of scratch
});

describe('the .deb control data', () => {
  it('is the branch-kiosk package with Electron libraries, the CJK font, systemd and passwd as Depends', () => {
    expect(field('Package')).toBe('branch-kiosk');
    const depends = field('Depends').split(', ');
    expect(depends).toEqual(expect.arrayContaining(['fonts-noto-cjk', 'libgtk-3-0', 'libnss3', 'systemd', 'passwd']));
  });

  it('recommends cage (the kiosk compositor), Node.js (for kioskctl) and udev', () => {
    expect(field('Recommends').split(', ')).toEqual(expect.arrayContaining(['cage', 'nodejs (>= 18)', 'udev']));
  });

  it('carries postinst, prerm and postrm, executable', () => {
    for (const script of ['postinst', 'prerm', 'postrm']) {
      expect(info).toMatch(new RegExp(`\\d+ bytes,\\s+\\d+ lines\\s+\\*\\s+${script}\\s+#!/bin/sh`));
    }
  });
});

describe('the .deb files', () => {
  it(`installs the app in ${appDir}, a path without a space, with the executable the unit starts`, () => {
    expect(appDir).toBe('/opt/branch-kiosk');
    expect(entry(`${appDir}/branch-kiosk`)?.mode).toBe('-rwxr-xr-x');
    expect(entry(`${appDir}/resources/app.asar`)?.mode).toBe('-rw-r--r--');
    const unit = readFileSync(path.join(extracted, 'usr/lib/systemd/system/branch-kiosk-session.service'), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
    const appPaths = execStart.split(/\s+/).filter((w) => w.startsWith('/opt/'));
    expect(appPaths).toEqual([`${appDir}/branch-kiosk`]);
    expect(execStart).toMatch(/^\/usr\/bin\/cage /);
    expect(execStart.split(/\s+/)).not.toContain('-s'); // no VT switching for customers
  });

  it('puts kioskctl on PATH, and the bundled CLI with its native packages outside the asar', () => {
    expect(entry('/usr/bin/kioskctl')?.mode).toBe('-rwxr-xr-x');
    const launcher = readFileSync(path.join(extracted, 'usr/bin/kioskctl'), 'utf8');
    const cli = /^CLI="\$APP_DIR\/(.*)"$/m.exec(launcher)?.[1];
    expect(/^APP_DIR=(.*)$/m.exec(launcher)?.[1]).toBe(appDir);
    expect(entry(`${appDir}/${cli}`)?.mode).toBe('-rw-r--r--');
    expect(entry(`${appDir}/resources/cli/lib/node_modules/serialport/package.json`)).toBeDefined();
  });

  it('installs the session unit, udev rules, config skeleton and the console-blanking drop-in', () => {
    expect(entry('/usr/lib/systemd/system/branch-kiosk-session.service')?.mode).toBe('-rw-r--r--');
    expect(entry('/usr/lib/udev/rules.d/99-branch-kiosk.rules')?.mode).toBe('-rw-r--r--');
    expect(entry('/usr/share/branch-kiosk/kiosk.json')?.mode).toBe('-rw-r--r--');
    expect(entry('/etc/default/grub.d/branch-kiosk-consoleblank.cfg')?.mode).toBe('-rw-r--r--');
    expect(readFileSync(path.join(extracted, 'DEBIAN/conffiles'), 'utf8')).toBe('/etc/default/grub.d/branch-kiosk-consoleblank.cfg\n');
    // Not the headless host unit: there is no packaged host bundle for it to start.
    expect(entries.some((e) => e.path.includes('branch-kiosk-host'))).toBe(false);
  });

  it('owns every file as root, with no set-uid bit until the postinst decides on the sandbox helper', () => {
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.filter((e) => e.owner !== 'root/root')).toEqual([]);
    expect(entries.filter((e) => /[sS]/.test(e.mode))).toEqual([]);
  });

  it('keeps the CLI bundle out of the asar and starts Electron at dist/electron/main.cjs', () => {
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
    const asar = createRequire(fromBuilder.resolve('app-builder-lib/package.json'))('@electron/asar') as {
      listPackage(archive: string, options: { isPack: boolean }): string[];
      extractFile(archive: string, file: string): Buffer;
    };
    const archive = path.join(extracted, 'opt/branch-kiosk/resources/app.asar');
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(files).toContain('/dist/electron/main.cjs');
    expect(files.some((f) => f.startsWith('/dist/cli'))).toBe(false);
    expect((JSON.parse(asar.extractFile(archive, 'package.json').toString()) as { main: string }).main).toBe('dist/electron/main.cjs');
  });

  it('ships the Electron binary with the fuses electron-builder.yml states (RunAsNode off)', () => {
    const order = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];
    const fuses = config.electronFuses as Record<string, boolean>;
    const binary = readFileSync(path.join(extracted, 'opt/branch-kiosk/branch-kiosk'));
    const sentinel = binary.indexOf('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX') + 32;
    const wire = binary.subarray(sentinel + 2, sentinel + 2 + binary[sentinel + 1]!).toString('latin1');
    expect(wire).toBe(order.map((k) => (fuses[k] ? '1' : '0')).join(''));
    expect(wire[0]).toBe('0');
  });
});

describe('static checks', () => {
  it('every shell script passes shellcheck: maintainer scripts, the kioskctl launcher, the grub drop-in', () => {
    const scripts = [
      ...['postinst', 'prerm', 'postrm'].map((s) => path.join(extracted, 'DEBIAN', s)),
      path.join(extracted, 'usr/bin/kioskctl'),
      path.join(extracted, 'etc/default/grub.d/branch-kiosk-consoleblank.cfg'),
      path.join(root, 'test/packaging/deb-sandbox.sh'),
    ];
    const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', ...scripts], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('installed by dpkg in a throwaway namespace', () => {
  let phases: Map<string, Map<string, string>>;

  beforeAll(() => {
    const out = execFileSync('unshare', ['-m', 'sh', path.join(root, 'test/packaging/deb-sandbox.sh'), built.deb, path.join(root, 'native/linux/branch-kiosk-host.service')], { encoding: 'utf8', timeout: 240_000 });
    phases = new Map();
    let current = new Map<string, string>();
    for (const line of out.trim().split('\n')) {
      const eq = line.indexOf('=');
      const [key, value] = [line.slice(0, eq), line.slice(eq + 1)];
      if (key === 'phase') phases.set(value, (current = new Map()));
      else current.set(key, value);
    }
  }, 300_000);
  const at = (phase: string, key: string) => phases.get(phase)?.get(key);

  it('creates the kiosk system user without a login shell, in the device groups', () => {
    expect(at('installed', 'user')).toMatch(/^kiosk:x:\d+:\d+:Branch Kiosk:\/var\/lib\/branch-kiosk:\/usr\/sbin\/nologin$/);
    expect(at('installed', 'groups')?.split(',')).toEqual(expect.arrayContaining(['kiosk', 'dialout', 'video']));
  });

  it('creates data and log dirs 0700 for the kiosk and the config 0640 root:kiosk', () => {
    expect(at('installed', 'mode:/var/lib/branch-kiosk')).toBe('700 kiosk:kiosk');
    expect(at('installed', 'mode:/var/log/branch-kiosk')).toBe('700 kiosk:kiosk');
    expect(at('installed', 'mode:/etc/branch-kiosk')).toBe('750 root:kiosk');
    expect(at('installed', 'mode:/etc/branch-kiosk/kiosk.json')).toBe('640 root:kiosk');
  });

  it('boots to graphical.target with the cage session enabled', () => {
    expect(at('installed', 'default-target')).toMatch(/\/graphical\.target$/);
    expect(at('installed', 'enabled')).toMatch(/\/lib\/systemd\/system\/branch-kiosk-session\.service$/);
  });

  it('gives a working kioskctl on PATH, run as the kiosk user', () => {
    expect(at('installed', 'kioskctl')).toMatch(/^usage: kioskctl /);
  });

  it('passes systemd-analyze verify for every unit, at its installed path', () => {
    expect(at('installed', 'verify:branch-kiosk-session.service')).toBe('');
    expect(at('installed', 'verify:branch-kiosk-host.service')).toBe('');
  });

  it('keeps the technician config on upgrade and repairs the data dir mode', () => {
    expect(at('upgraded', 'config')).toBe('{"kioskId":"K42"}');
    expect(at('upgraded', 'mode:/var/lib/branch-kiosk')).toBe('700 kiosk:kiosk');
    expect(at('upgraded', 'enabled')).toMatch(/branch-kiosk-session\.service$/);
  });

  it('on remove masks the session and deletes the app; on purge drops config and logs but keeps the data', () => {
    expect(at('removed', 'masked')).toBe('/dev/null');
    expect(at('removed', 'app')).toBe('gone');
    expect(at('purged', 'mode:/etc/branch-kiosk')).toBe('missing');
    expect(at('purged', 'mode:/var/log/branch-kiosk')).toBe('missing');
    expect(at('purged', 'mode:/var/lib/branch-kiosk')).toBe('700 kiosk:kiosk'); // may hold unsent transactions
    expect(at('purged', 'masked')).toBe('none');
  });
});
