// Imports the real preload.ts against a fake Electron and checks what reaches the page:
// one `kiosk` object with the contract's requests and `on`, and no way to reach other channels.
import { describe, expect, it, vi } from 'vitest';
import { eventChannel, eventNames, requestChannel, requestNames } from './bridge/contract.js';

const h = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; params: unknown }> = [];
  const listening: string[] = [];
  const ipcRenderer = {
    invoke: async (channel: string, params: unknown) => {
      invoked.push({ channel, params });
      return { ok: true, result: {} };
    },
    on: (channel: string) => {
      listening.push(channel);
      return ipcRenderer;
    },
    removeListener: () => ipcRenderer,
    send: () => {
      throw new Error('the preload must not send');
    },
  };
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed.set(key, api);
    },
  };
  return { exposed, invoked, listening, module: { contextBridge, ipcRenderer } };
});

vi.mock('electron', () => h.module);
await import('./preload.js');

interface ExposedKiosk {
  requests: Record<string, (params: unknown) => Promise<unknown>>;
  on: (event: string, listener: (payload: unknown) => void) => () => void;
}
const kiosk = () => h.exposed.get('kiosk') as ExposedKiosk;

describe('preload', () => {
  it('exposes exactly one key, `kiosk`', () => {
    expect([...h.exposed.keys()]).toEqual(['kiosk']);
  });

  it('gives the page the contract requests and `on`, nothing else (no ipcRenderer)', () => {
    expect(Object.keys(kiosk()).sort()).toEqual(['on', 'requests']);
    expect(Object.keys(kiosk().requests).sort()).toEqual([...requestNames].sort());
    expect(Object.isFrozen(kiosk())).toBe(true);
    expect(Object.isFrozen(kiosk().requests)).toBe(true);
    expect(JSON.stringify(Object.keys(kiosk()))).not.toMatch(/invoke|send|ipc/i);
  });

  it('sends each request on its own kiosk:req:<name> channel only', async () => {
    for (const name of requestNames) await kiosk().requests[name]?.({ probe: name });
    expect(h.invoked).toEqual(requestNames.map((name) => ({ channel: requestChannel(name), params: { probe: name } })));
    expect(h.invoked.every((c) => c.channel.startsWith('kiosk:req:'))).toBe(true);
  });

  it('subscribes to contract events only and refuses any other name', () => {
    for (const name of eventNames) kiosk().on(name, () => undefined);
    expect(h.listening).toEqual(eventNames.map(eventChannel));
    expect(() => kiosk().on('not-an-event', () => undefined)).toThrow(/unknown event/);
    expect(() => kiosk().on('kiosk:req:kiosk.info', () => undefined)).toThrow();
    expect(h.listening).toHaveLength(eventNames.length);
  });
});
