// System packages the tests and the kiosk need that npm cannot install. As root we install
// them with apt; otherwise we stop and print the exact command, never skip silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const systemPackages = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium'), why: 'UI tests and browser mode' },
  { pkg: 'socat', present: () => existsSync('/usr/bin/socat'), why: 'serial (PTY) device simulators' },
  { pkg: 'ffmpeg', present: () => existsSync('/usr/bin/ffmpeg'), why: 'fake-camera videos of the face-check tests' },
  { pkg: 'coturn', present: () => existsSync('/usr/bin/turnserver'), why: 'TURN relay in the video-call tests' },
  { pkg: 'nats-server', present: () => existsSync('/usr/sbin/nats-server') || existsSync('/usr/bin/nats-server'), why: 'NATS (JetStream) for the tests of several hub instances' },
  { pkg: 'iproute2', present: () => existsSync('/usr/sbin/tc') || existsSync('/sbin/tc'), why: 'network namespace and link faults in the video-call tests' },
  { pkg: 'pcscd', present: () => existsSync('/usr/sbin/pcscd'), why: 'chip card reader (PC/SC) tests' },
  { pkg: 'vsmartcard-vpcd', present: () => existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so') || existsSync('/etc/reader.conf.d/vpcd'), why: 'virtual smart card for the PC/SC tests' },
  { pkg: 'libpcsclite-dev', present: () => existsSync('/usr/include/PCSC/winscard.h'), why: 'building the PC/SC Node binding' },
  { pkg: 'shellcheck', present: () => existsSync('/usr/bin/shellcheck'), why: 'checking the package maintainer scripts' },
  { pkg: 'systemd', present: () => existsSync('/usr/bin/systemd-analyze'), why: 'verifying the packaged systemd units' },
  { pkg: 'fonts-noto-cjk', present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'), why: 'Chinese text in the UI' },
];

export function ensureSystemPackages({ quiet = false } = {}) {
  const missing = systemPackages.filter((p) => !p.present());
  if (missing.length === 0) return true;
  const names = missing.map((p) => p.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('which', ['apt-get']).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`Missing system packages: ${missing.map((p) => `${p.pkg} (${p.why})`).join(', ')}`);
    console.error(`Install them with:\n  sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`);
    return false;
  }
  if (!quiet) console.log(`Installing system packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
  return systemPackages.every((p) => p.present());
}

/**
 * The PC/SC binding is an optional dependency: `npm install` on a machine without
 * libpcsclite-dev skips it. Once the headers are installed (above), build it in place at
 * the locked version without touching package.json or the lock file.
 */
export function ensurePcscBinding({ root = process.cwd() } = {}) {
  const probe = spawnSync(process.execPath, ['-e', "require('@pokusew/pcsclite')"], { cwd: root, stdio: 'ignore' });
  if (probe.status === 0) return true;
  const lock = JSON.parse(readFileSync(`${root}/package-lock.json`, 'utf8'));
  const version = lock.packages?.['node_modules/@pokusew/pcsclite']?.version;
  if (!version) {
    console.error('package-lock.json does not pin @pokusew/pcsclite');
    return false;
  }
  console.log(`Building the PC/SC binding (@pokusew/pcsclite@${version}) now that libpcsclite-dev is installed`);
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `@pokusew/pcsclite@${version}`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', BRANCH_KIOSK_NO_ELECTRON: '1' },
  });
  return r.status === 0;
}
