import { describe, expect, it, vi } from 'vitest';
import type { ClientTransport } from '../../electron/bridge/client.js';
import type { KioskApi } from '../../electron/bridge/ipc-api.js';
import { bridgeSocketUrl, connectBridge } from './connect.js';

const location = { search: '', host: '127.0.0.1:4567', protocol: 'http:' };

function fakeKioskApi(): KioskApi {
  const info = vi.fn(() => Promise.resolve({ ok: true as const, result: { kioskId: 'K9' } }));
  // As the preload exposes it: a plain object with one own function per contract request.
  const requests = { 'kiosk.info': info } as Partial<KioskApi['requests']> as KioskApi['requests'];
  return { requests, on: () => () => undefined };
}

describe('connectBridge', () => {
  it('uses IPC when the preload exposed window.kiosk', async () => {
    const connection = connectBridge({ kiosk: fakeKioskApi(), location: { ...location, search: '?token=abc' } });
    expect(connection.kind).toBe('connected');
    if (connection.kind !== 'connected') return;
    expect(connection.via).toBe('ipc');
    await expect(connection.client.request('kiosk.info', {})).resolves.toEqual({ kioskId: 'K9' });
    // A name the preload does not expose (here: one the fake lacks, and an Object.prototype key) is refused, not called.
    await expect(connection.client.request('devices.list', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(connection.client.request('toString' as 'devices.list', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
  });

  it('opens the same-origin bridge socket with the token from the page URL', () => {
    const urls: string[] = [];
    const makeWsTransport = (url: string): ClientTransport => {
      urls.push(url);
      return { request: () => Promise.reject(new Error('unused')), subscribe: () => () => undefined };
    };
    const connection = connectBridge({ location: { ...location, search: '?token=t%2B1' } }, { makeWsTransport });
    expect(connection).toMatchObject({ kind: 'connected', via: 'ws' });
    expect(urls).toEqual(['ws://127.0.0.1:4567/bridge?token=t%2B1']);
  });

  it('reports not-connected when there is neither a preload nor a token', () => {
    expect(connectBridge({ location })).toEqual({ kind: 'not-connected' });
    expect(connectBridge({ location: { ...location, search: '?token=' } })).toEqual({ kind: 'not-connected' });
  });

  it('uses wss on an https origin', () => {
    expect(bridgeSocketUrl({ ...location, protocol: 'https:' }, 'x')).toBe('wss://127.0.0.1:4567/bridge?token=x');
  });
});
