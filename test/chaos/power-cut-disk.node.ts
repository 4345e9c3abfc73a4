// A disk that can lose power: an ext4 file system in an image file (on tmpfs), loop-mounted.
// The image holds exactly what ext4 has submitted to its block device — fsync, fdatasync and
// O_DSYNC writes, journal commits — while writes nobody synced sit in the kernel's page cache
// as dirty pages. Mounted with commit=600, and with the kernel's dirty-page expiry at 30 s,
// nothing un-synced reaches the image within a chaos round. So a copy of the image taken right
// after the kiosk process is killed is the disk a power cut would leave behind, and mounting
// that copy runs ext4's own journal recovery, as the reboot after a power cut does.
//
// Why this and not another layer (checked on this kernel): device-mapper is not available
// (no dm-log-writes or dm-flakey: `dmsetup targets` finds no kernel driver); Jepsen's LazyFS
// is not packaged and would be a C++ FUSE daemon to build; loop devices and ext4 are here.
// Limitation: a write the device accepted counts as persisted (a drive's volatile cache
// could still reorder or lose it), so this is a harsh test of what software must fsync, not
// of drive firmware. Needs root (mount), like the disk-full tests.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PowerCutDisk {
  /** The mounted file system's root. */
  readonly dir: string;
  /** Drops everything not yet on the device: the caller has killed every writer first. */
  cut(): void;
  dispose(): void;
}

const IMAGE_MB = 64;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });

export function createPowerCutDisk(work: string): PowerCutDisk {
  const images = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const base = path.join(images, `bk-powercut-${process.pid}-${Date.now()}`);
  const dir = path.join(work, 'disk');
  mkdirSync(dir, { recursive: true });
  let generation = 0;
  const image = () => `${base}-${generation}.img`;
  const mount = () => run('mount', ['-t', 'ext4', '-o', 'loop,commit=600', image(), dir]);
  execFileSync('truncate', ['-s', `${IMAGE_MB}M`, image()]);
  // Eager init: no background zeroing that would write to the device on its own schedule.
  run('mkfs.ext4', ['-q', '-F', '-E', 'lazy_itable_init=0,lazy_journal_init=0', image()]);
  mount();
  let mounted = true;
  return {
    dir,
    cut() {
      // The copy first: it is the disk at the instant of the cut. Unmounting the old image
      // afterwards writes its dirty pages — into the image that is thrown away.
      const before = image();
      generation += 1;
      copyFileSync(before, image());
      run('umount', [dir]);
      rmSync(before, { force: true });
      mount();
    },
    dispose() {
      if (mounted) run('umount', [dir]);
      mounted = false;
      rmSync(image(), { force: true });
    },
  };
}
