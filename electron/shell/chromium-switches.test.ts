import { describe, expect, it } from 'vitest';
import { chromiumSwitches } from './chromium-switches.js';

describe('Chromium switches', () => {
  it('lets Chromium reach speech-dispatcher on Linux, so read-aloud has voices (issue 12 #10)', () => {
    expect(chromiumSwitches('linux')).toContain('enable-speech-dispatcher');
  });

  it('adds nothing elsewhere (Windows speaks through SAPI without a switch)', () => {
    expect(chromiumSwitches('win32')).toEqual([]);
  });
});
