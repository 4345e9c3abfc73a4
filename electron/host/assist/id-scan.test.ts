import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log.node.js';
import { IdScanService } from './id-scan.node.js';

const SCAN = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b01';
type Listener = (e: { role: string; name: string; payload: unknown }) => void;

function setup(readers: string[] = ['idcard']) {
  const listeners = new Set<Listener>();
  const source = { readyIdReaders: () => readers, onDeviceEvent: (cb: Listener) => (listeners.add(cb), () => listeners.delete(cb)) };
  const emit = (e: Parameters<Listener>[0]) => [...listeners].forEach((cb) => cb(e));
  return { scans: new IdScanService(source, silentLogger(), 10_000), emit, listeners };
}

const masked = { kind: 'cn-resident-id', documentNumber: '1101********1234', surname: '张*', givenNames: '三*', sex: 'M', birthYear: '1990', expiryDate: '2036-01-01', hasAddress: true, photoBytes: 0 };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ID scan for the expert', () => {
  it('answers no-reader at once when no ID reader is ready', () => {
    expect(setup([]).scans.start(SCAN, vi.fn())).toEqual({ scanId: SCAN, status: 'no-reader' });
  });

  it('reports the masked document from the reader and stops listening', () => {
    const { scans, emit, listeners } = setup();
    const done = vi.fn();
    expect(scans.start(SCAN, done)).toBeNull();
    emit({ role: 'scanner', name: 'document', payload: masked });
    expect(done).not.toHaveBeenCalled();
    emit({ role: 'idcard', name: 'document', payload: masked });
    expect(done).toHaveBeenCalledWith({ scanId: SCAN, status: 'ok', masked: { name: '张* 三*', idNumber: '1101********1234', expiry: '2036-01-01' } });
    expect(listeners.size).toBe(0);
  });

  it('reports unreadable on a read error, a malformed payload or no document in time', () => {
    const a = setup();
    const onError = vi.fn();
    a.scans.start(SCAN, onError);
    a.emit({ role: 'idcard', name: 'read-error', payload: { code: 'CHECKSUM' } });
    expect(onError).toHaveBeenCalledWith({ scanId: SCAN, status: 'unreadable' });

    const b = setup();
    const onTimeout = vi.fn();
    b.scans.start(SCAN, onTimeout);
    vi.advanceTimersByTime(9_999);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTimeout).toHaveBeenCalledWith({ scanId: SCAN, status: 'unreadable' });
  });

  it('stops waiting without reporting when the customer declines', () => {
    const { scans, emit, listeners } = setup();
    const done = vi.fn();
    scans.start(SCAN, done);
    expect(scans.cancel(SCAN)).toBe(true);
    expect(scans.cancel(SCAN)).toBe(false);
    emit({ role: 'idcard', name: 'document', payload: masked });
    vi.advanceTimersByTime(20_000);
    expect(done).not.toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });
});
