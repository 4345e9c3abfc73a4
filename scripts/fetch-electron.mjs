// Electron's own postinstall aborts `npm install` when its binary cannot be downloaded,
// so the README installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 and this step tries the
// download itself: it succeeds where the internet is reachable and only warns where not.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let installer;
try {
  installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0); // production install without devDependencies
}
if (!existsSync(installer) || process.env.BRANCH_KIOSK_NO_ELECTRON === '1') process.exit(0);

const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
const result = spawnSync(process.execPath, [installer], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
if (result.status === 0) {
  console.log('[branch-kiosk] Electron binary is installed.');
} else {
  const reason = (result.stderr?.toString() ?? '').split('\n').find((l) => l.trim()) ?? 'timed out';
  console.warn(`[branch-kiosk] Electron binary not downloaded (${reason.trim()}); npm start will use Chromium instead.`);
}
