import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../../protocol/software-updates.js';
import { branchList, manifestOf, rolloutPhase, shortHash, startRequestOf } from './updates-format.js';

const SHA = `${'A'.repeat(86)}==`;

describe('updates form helpers', () => {
  it('reads branch codes separated by commas (either width), spaces or new lines, once each', () => {
    expect(branchList(' BJ01,SH02，GZ03\nBJ01  ')).toEqual(['BJ01', 'SH02', 'GZ03']);
    expect(branchList('   ')).toEqual([]);
  });

  it('turns the publish form into a manifest only when the hub would take it', () => {
    const fields = { version: ' 1.4.2 ', channel: 'beta', url: 'https://hub.example/1.4.2.tar.gz', sha512: SHA, size: '1024' };
    expect(manifestOf(fields)).toEqual({ version: '1.4.2', channel: 'beta', url: 'https://hub.example/1.4.2.tar.gz', sha512: SHA, size: 1024 });
    expect(manifestOf({ ...fields, size: '1e3' })).toBeNull();
    expect(manifestOf({ ...fields, version: 'latest' })).toBeNull();
    expect(manifestOf({ ...fields, channel: 'nightly' })).toBeNull();
  });

  it('turns the start form into a request; nothing targeted or an empty window is refused', () => {
    const fields = { version: '1.4.2', branches: 'BJ01', percentage: '', from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' };
    expect(startRequestOf(fields)).toEqual({ version: '1.4.2', target: { branches: ['BJ01'], percentage: 0 }, window: { from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' } });
    expect(startRequestOf({ ...fields, branches: '' })).toBeNull();
    expect(startRequestOf({ ...fields, branches: '', percentage: '25' })?.target).toEqual({ branches: [], percentage: 25 });
    expect(startRequestOf({ ...fields, to: '02:00' })).toBeNull();
    expect(startRequestOf({ ...fields, percentage: '101' })).toBeNull();
  });

  it('names a rollout paused, not yet started or rolling out; shortens a hash', () => {
    const rollout: Rollout = { rolloutId: '018f0000-0000-7000-8000-0000000000aa', version: '1.0.0', target: { branches: [], percentage: 5 }, window: { from: '02:00', to: '05:00', timeZone: 'UTC' }, startsAt: '2026-12-04T10:00:00.000Z', paused: false };
    const at = Date.parse('2026-12-04T09:00:00.000Z');
    expect(rolloutPhase(rollout, at)).toBe('scheduled');
    expect(rolloutPhase(rollout, at + 2 * 3600_000)).toBe('active');
    expect(rolloutPhase({ ...rollout, paused: true }, at + 2 * 3600_000)).toBe('paused');
    expect(shortHash(SHA)).toBe(`${'A'.repeat(16)}…`);
  });
});
