// The deb settings hang together without building anything: every path the units, the
// launcher and the maintainer scripts use is the install dir electron-builder derives from
// productName; every file deb.fpm maps exists with the mode it must have; the config skeleton
// is a valid kiosk config; scripts/dist-deb.mjs expands templates the way electron-builder does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/host/config.js';
import { controlFields, expandTemplate, fpmEntries, installDir, readBuilderConfig } from '../../scripts/dist-deb.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const config = readBuilderConfig(root);
const deb = config.deb ?? {};
const { files, beforeRemove } = fpmEntries(deb.fpm);
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');
const dest = (d: string) => files.find((f) => f.dest === d);

describe('deb layout', () => {
  const appDir = installDir(config);

  it('refuses a productName that would put a space in the install path', () => {
    expect(appDir).toBe('/opt/branch-kiosk');
    expect(() => installDir({ ...config, productName: 'Branch Kiosk' })).toThrow(/space/);
  });

  it('points the session unit, the kioskctl launcher and the postinst at that install dir', () => {
    const unit = read('native/linux/branch-kiosk-session.service');
    const optPaths = [...unit.matchAll(/\/opt\/[^\s'"]+/g)].map((m) => m[0]);
    expect(optPaths).toEqual([`${appDir}/${config.linux?.executableName}`]);
    expect(read('native/linux/kioskctl')).toMatch(new RegExp(`^APP_DIR=${appDir}$`, 'm'));
    expect(read('native/linux/deb/postinst.sh')).toMatch(new RegExp(`^APP_DIR=${appDir}$`, 'm'));
  });

  it('runs cage without -s (no VT switching), on tty1, restarted on exit, wanted by graphical.target', () => {
    const unit = read('native/linux/branch-kiosk-session.service');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1]?.split(/\s+/) ?? [];
    expect(execStart[0]).toBe('/usr/bin/cage');
    expect(execStart.slice(0, execStart.indexOf('--'))).not.toContain('-s');
    expect(unit).toMatch(/^TTYPath=\/dev\/tty1$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=graphical\.target$/m);
    expect(unit).toMatch(/^User=kiosk$/m);
  });

  it('maps every deb file from an existing source, executables executable', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(existsSync(path.join(root, f.source)), f.source).toBe(true);
    const mode = (p: string) => statSync(path.join(root, p)).mode & 0o777;
    expect(mode(dest('/usr/bin/kioskctl')?.source ?? '')).toBe(0o755);
    expect(dest('/usr/lib/systemd/system/branch-kiosk-session.service')).toBeDefined();
    expect(dest('/usr/lib/udev/rules.d/99-branch-kiosk.rules')?.source).toBe('native/linux/99-branch-kiosk.rules');
    for (const script of [deb.afterInstall, deb.afterRemove, beforeRemove]) {
      expect(script, 'maintainer script').toMatch(/^native\/linux\/deb\/.*\.sh$/);
      expect(existsSync(path.join(root, script ?? ''))).toBe(true);
    }
  });

  it('has the postinst copy the skeleton it ships, and that skeleton is a valid kiosk config with the data dir', () => {
    const skeleton = dest('/usr/share/branch-kiosk/kiosk.json');
    expect(read('native/linux/deb/postinst.sh')).toMatch(/^SKELETON=\/usr\/share\/branch-kiosk\/kiosk\.json$/m);
    const parsed = parseConfig(JSON.parse(read(skeleton?.source ?? '')));
    expect(parsed.dataDir).toBe('/var/lib/branch-kiosk');
    expect(parsed.devices).toEqual([]);
  });

  it('expands maintainer-script macros like electron-builder, and our scripts use none that would surprise it', () => {
    expect(expandTemplate('x ${executable} y', { executable: 'branch-kiosk' })).toBe('x branch-kiosk y');
    expect(() => expandTemplate('${nope}', {})).toThrow('Macro nope is not defined');
    for (const script of [deb.afterInstall, deb.afterRemove]) expect(read(script ?? '')).not.toMatch(/\$\{[a-zA-Z]+\}/);
  });

  it('writes control fields from the yml, refusing an empty one', () => {
    const pkg = { name: 'branch-kiosk', version: '1.2.3', description: 'kiosk' };
    const fields = controlFields(config, pkg);
    expect(fields).toMatchObject({ Package: 'branch-kiosk', Version: '1.2.3', Architecture: 'amd64', Priority: 'optional' });
    expect(fields.Recommends?.split(', ')).toContain('cage');
    expect(() => controlFields({ ...config, linux: {}, deb: { ...deb, maintainer: undefined } }, pkg)).toThrow(/Maintainer is empty/);
  });

  it('rejects a deb.fpm option the offline build would silently drop', () => {
    expect(() => fpmEntries(['--deb-systemd', 'x.service'])).toThrow(/--deb-systemd is not staged/);
    expect(fpmEntries(['--before-remove=a.sh', 'b=/c'])).toEqual({ beforeRemove: 'a.sh', files: [{ source: 'b', dest: '/c' }] });
  });
});
