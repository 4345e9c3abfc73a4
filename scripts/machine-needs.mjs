// What `npm test` needs from the machine besides packages, checked up front and named, so a
// missing capability is one clear line instead of a dozen failing tests later on.
import { spawnSync } from 'node:child_process';

const isRoot = () => process.getuid?.() === 0;

/** Each need: what it is for, whether this machine has it, and what to do if not. */
export function machineNeeds() {
  return [
    {
      need: 'root',
      for: 'the disk-full test (mounts a 3 MB tmpfs) and the PC/SC tests (pcscd in its own mount namespace)',
      ok: isRoot(),
      fix: 'run the tests as root (CI does), e.g. in a throwaway VM or container: sudo npm test',
    },
    {
      need: 'network namespaces (unshare -n)',
      for: 'the video-call tests, which run Chromium where only loopback exists',
      ok: spawnSync('unshare', [...(isRoot() ? [] : ['-r']), '-n', 'true'], { stdio: 'ignore' }).status === 0,
      fix: 'as root, or allow unprivileged user namespaces: sudo sysctl -w kernel.unprivileged_userns_clone=1 (and user.max_user_namespaces > 0)',
    },
  ];
}

/** Prints every unmet need with its fix; true when all are met. */
export function checkMachineNeeds(log = console.error) {
  const unmet = machineNeeds().filter((n) => !n.ok);
  for (const n of unmet) log(`This machine lacks ${n.need}, needed for ${n.for}.\n  Fix: ${n.fix}`);
  return unmet.length === 0;
}
