import { describe, expect, it } from 'vitest';
import type { PinKeyLoadedResponse, PinKeyResponse } from '../../../protocol/pin-keys.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { PinKeyLoader, type PinKeyHub } from './pin-key-loader.node.js';

const ISSUED: PinKeyResponse = { outcome: 'issued', keyId: 'pek-1a2b3c4d-0001', format: 4, keyBlock: `D0144P0AE00N0200${'0'.repeat(128)}`, kcv: 'ABC123' };

function world(opts: { issue?: () => Promise<PinKeyResponse>; load?: () => Promise<{ keyId: string; kcv: string }>; confirm?: () => Promise<PinKeyLoadedResponse>; pad?: boolean; held?: { keyId: string; kcv: string } } = {}) {
  const calls: string[] = [];
  const logs: unknown[] = [];
  const hub: PinKeyHub = {
    issuePinKey: async () => (calls.push('issue'), (opts.issue ?? (async () => ISSUED))()),
    confirmPinKey: async (keyId, kcv) => (calls.push(`confirm ${keyId} ${kcv}`), (opts.confirm ?? (async () => ({ confirmed: true as const })))()),
  };
  const devices = {
    roleOf: () => (opts.pad === false ? null : 'pinpad'),
    queryPinKey: async () => (calls.push('query'), opts.held ?? null),
    loadPinKey: async (block: string) => (calls.push(`load ${block.slice(0, 5)}`), (opts.load ?? (async () => ({ keyId: ISSUED.outcome === 'issued' ? ISSUED.keyId : '', kcv: 'ABC123' })))()),
  };
  const loader = new PinKeyLoader({ hub, devices, log: { info: (...a: unknown[]) => void logs.push(a), warn: (...a: unknown[]) => void logs.push(a) } as never });
  return { loader, calls, logs };
}

describe('PinKeyLoader', () => {
  it('issue → load into the pad → confirm with the KCV the pad computed; once per run, concurrent callers share it', async () => {
    const w = world();
    const [a, b] = await Promise.all([w.loader.ensure(), w.loader.ensure()]);
    expect([a, b]).toEqual(['loaded', 'loaded']);
    expect(await w.loader.ensure()).toBe('loaded');
    expect(w.calls).toEqual(['query', 'issue', 'load D0144', 'confirm pek-1a2b3c4d-0001 ABC123']);
    expect(JSON.stringify(w.logs)).not.toContain(ISSUED.outcome === 'issued' ? ISSUED.keyBlock : '');
  });

  it('a refused key block (the pad keeps its key) or a hub away: failed, and tried again at the next journey', async () => {
    let refuse = true;
    const w = world({ load: async () => (refuse ? Promise.reject(new DeviceCallError('KEY_BLOCK_REJECTED', 'does not verify')) : { keyId: 'pek-1a2b3c4d-0001', kcv: 'ABC123' }) });
    expect(await w.loader.ensure()).toBe('failed');
    expect(w.calls.some((c) => c.startsWith('confirm'))).toBe(false);
    refuse = false;
    expect(await w.loader.ensure()).toBe('loaded');
    const away = world({ issue: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(await away.loader.ensure()).toBe('failed');
  });

  it('a pad reporting another KCV than issued is not confirmed; a hub without key management is asked once', async () => {
    const w = world({ load: async () => ({ keyId: 'pek-1a2b3c4d-0001', kcv: '000000' }) });
    expect(await w.loader.ensure()).toBe('failed');
    expect(w.calls).toEqual(['query', 'issue', 'load D0144']);
    const unmanaged = world({ issue: async () => ({ outcome: 'unavailable', reason: 'not-managed' }) });
    expect(await unmanaged.loader.ensure()).toBe('not-managed');
    expect(await unmanaged.loader.ensure()).toBe('not-managed');
    expect(unmanaged.calls).toEqual(['query', 'issue']);
    const noPad = world({ pad: false });
    expect(await noPad.loader.ensure()).toBe('not-managed');
    expect(noPad.calls).toEqual([]);
  });

  it('first asks the pad which key it already holds (a start while the hub is away keeps using it), once per run', async () => {
    const away = world({ held: { keyId: 'pek-1a2b3c4d-0000', kcv: 'DEF456' }, issue: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(await away.loader.ensure()).toBe('failed');
    expect(await away.loader.ensure()).toBe('failed');
    expect(away.calls).toEqual(['query', 'issue', 'issue']);
    expect(JSON.stringify(away.logs)).toContain('DEF456');
  });
});
