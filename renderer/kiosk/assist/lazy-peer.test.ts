// The peer code loads after the first screen; a call must still never open a peer before it.
import { describe, expect, it, vi } from 'vitest';
import type { LocalMedia } from './local-media.js';
import { lazyPeer } from './lazy-peer.js';
import type { PeerFactory, PeerLike } from './peer.js';

const media = (): { source: () => Promise<LocalMedia>; stopped: () => number } => {
  let stopped = 0;
  return { source: async () => ({ stream: null, mode: 'none', stop: () => void (stopped += 1) }), stopped: () => stopped };
};
const fakePeer = {} as PeerLike;

describe('lazyPeer', () => {
  it('resolves the camera only once the peer code is loaded, then creates peers from it', async () => {
    let release: (f: PeerFactory) => void = () => undefined;
    const load = vi.fn(() => new Promise<PeerFactory>((resolve) => (release = resolve)));
    const lazy = lazyPeer(media().source, load);
    expect(() => lazy.createPeer({ iceServers: [], stream: null })).toThrow(/not loaded/);
    let gotMedia = false;
    const pending = lazy.getMedia().then(() => (gotMedia = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gotMedia).toBe(false);
    release(() => fakePeer);
    await pending;
    expect(lazy.createPeer({ iceServers: [], stream: null })).toBe(fakePeer);
    lazy.prefetch();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('releases the camera when the peer code cannot load, and loads again for the next call', async () => {
    const m = media();
    const load = vi.fn<() => Promise<PeerFactory>>().mockRejectedValueOnce(new Error('chunk missing')).mockResolvedValue(() => fakePeer);
    const lazy = lazyPeer(m.source, load);
    await expect(lazy.getMedia()).rejects.toThrow('chunk missing');
    expect(m.stopped()).toBe(1);
    await lazy.getMedia();
    expect(lazy.createPeer({ iceServers: [], stream: null })).toBe(fakePeer);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
