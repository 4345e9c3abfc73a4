// System packages the tests and the kiosk need that npm cannot install. As root we install
// them with apt; otherwise we stop and print the exact command, never skip silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const systemPackages = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium'), why: 'UI tests and browser mode' },
  { pkg: 'socat', present: () => existsSync('/usr/bin/socat'), why: 'serial (PTY) device simulators' },
  { pkg: 'coturn', present: () => existsSync('/usr/bin/turnserver'), why: 'TURN relay in the video-call tests' },
  { pkg: 'iproute2', present: () => existsSync('/usr/sbin/tc') || existsSync('/sbin/tc'), why: 'network namespace and link faults in the video-call tests' },
  { pkg: 'pcscd', present: () => existsSync('/usr/sbin/pcscd'), why: 'chip card reader (PC/SC) tests' },
  { pkg: 'vsmartcard-vpcd', present: () => existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so') || existsSync('/etc/reader.conf.d/vpcd'), why: 'virtual smart card for the PC/SC tests' },
  { pkg: 'libpcsclite-dev', present: () => existsSync('/usr/include/PCSC/winscard.h'), why: 'building the PC/SC Node binding' },
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
