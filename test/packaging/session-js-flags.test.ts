// V8 reads --max-semi-space-size only at start-up, and Electron's main process (where the
// host runs) takes js-flags only from its command line: the session unit must pass the same
// flags the host was measured with (electron/host/v8-flags.ts).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { HOST_JS_FLAGS } from '../../electron/host/v8-flags.js';

it('starts Electron with the host V8 flags', () => {
  const unit = readFileSync('native/linux/branch-kiosk-session.service', 'utf8');
  const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  expect(exec).toContain(`--js-flags=${HOST_JS_FLAGS.join(' ')}`);
});
