import { describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../device-classes.js';
import { silentLogger } from '../shared/logger.js';
import { createHealthMachine, healthFor, refusalFor } from './health.js';

const ok: PrinterStatus = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: null };

describe('health policy', () => {
  it('maps statuses to health states', () => {
    expect(healthFor(ok)).toEqual({ state: 'ready' });
    expect(healthFor({ ...ok, paperNearEnd: true })).toEqual({ state: 'attention', reason: 'paper-near-end' });
    expect(healthFor({ ...ok, online: false, paperOut: true, paperNearEnd: true })).toEqual({ state: 'attention', reason: 'paper-out' });
    expect(healthFor({ ...ok, online: false, coverOpen: true, error: 'recoverable' })).toEqual({ state: 'attention', reason: 'cover-open' });
    expect(healthFor({ ...ok, online: false, error: 'cutter' })).toEqual({ state: 'error', reason: 'cutter-error' });
    expect(healthFor({ ...ok, online: false })).toEqual({ state: 'attention', reason: 'printer-offline' });
  });

  it('refuses jobs the printer cannot print, but not on paper near end', () => {
    expect(refusalFor(ok)).toBeNull();
    expect(refusalFor({ ...ok, paperNearEnd: true })).toBeNull();
    expect(refusalFor({ ...ok, online: false, paperOut: true })?.code).toBe('PAPER_OUT');
    expect(refusalFor({ ...ok, online: false, coverOpen: true })?.code).toBe('COVER_OPEN');
    expect(refusalFor({ ...ok, online: false, error: 'unrecoverable' })?.code).toBe('PRINTER_NOT_READY');
    expect(refusalFor({ ...ok, online: false })?.code).toBe('OFFLINE');
  });

  it('emits once per change, with the time of the change', () => {
    let t = 0;
    const m = createHealthMachine(silentLogger, 'test', () => new Date(Date.UTC(2026, 0, 1, 0, 0, t)));
    const seen: string[] = [];
    m.onChange((e) => seen.push(`${e.state}:${e.reason ?? ''}@${e.since}`));
    t = 1;
    m.set('ready');
    m.set('ready');
    t = 2;
    m.set('attention', 'paper-out');
    expect(seen).toEqual(['ready:@2026-01-01T00:00:01.000Z', 'attention:paper-out@2026-01-01T00:00:02.000Z']);
    expect(m.current).toEqual({ state: 'attention', reason: 'paper-out', since: '2026-01-01T00:00:02.000Z' });
  });
});
