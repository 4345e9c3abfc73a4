import { describe, expect, it } from 'vitest';
import { silentLogger } from './logger.js';
import { createDeviceHealth } from './device-health.js';

describe('device health machine', () => {
  it('starts where told and emits once per change', () => {
    let t = 0;
    const m = createDeviceHealth<'disconnected' | 'no-response'>(silentLogger, 'test', { state: 'offline', reason: 'disconnected' }, () => new Date(Date.UTC(2026, 0, 1, 0, 0, t)));
    const seen: string[] = [];
    m.onChange((e) => seen.push(`${e.state}:${e.reason ?? ''}@${e.since.slice(17, 19)}`));
    t = 1;
    m.set('ready');
    m.set('ready');
    t = 2;
    m.set('offline', 'no-response');
    m.set('offline', 'no-response');
    expect(seen).toEqual(['ready:@01', 'offline:no-response@02']);
    expect(m.current).toEqual({ state: 'offline', reason: 'no-response', since: '2026-01-01T00:00:02.000Z' });
  });
});
