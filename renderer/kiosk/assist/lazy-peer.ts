// The WebRTC peer, loaded after the first screen: simple-peer with the Node polyfills it
// needs in a browser (buffer, events, readable-stream — about 170 KB) is nothing the attract
// screen uses, and parsing it held back the kiosk page's cold start (issue 15). It is fetched
// once the page is idle (prefetch), and every call waits for it together with its camera, so
// the peer factory is always there when the call opens its peer.
import { loadCallMessageRules } from './call-message-rules.js';
import { loadOnce } from './load-once.js';
import type { MediaSource } from './local-media.js';
import type { PeerFactory } from './peer.js';

export interface LazyPeer {
  createPeer: PeerFactory;
  /** The camera and microphone, resolved only once the peer code is loaded too. */
  getMedia: MediaSource;
  /** Starts loading the peer code; safe to call more than once. */
  prefetch(): void;
}

/** The peer code, and the data channel's message rules with it (call-message-rules.ts). */
const loadPeerCode = async (): Promise<PeerFactory> => {
  const [peer] = await Promise.all([import('./peer.js'), loadCallMessageRules()]);
  return peer.simplePeerFactory();
};

export function lazyPeer(media: MediaSource, load: () => Promise<PeerFactory> = loadPeerCode): LazyPeer {
  const code = loadOnce(load);
  const ready = code.load;
  return {
    prefetch: () => void ready().catch(() => undefined),
    getMedia: async () => {
      const code = ready();
      const local = await media();
      try {
        await code;
      } catch (err) {
        local.stop();
        throw err;
      }
      return local;
    },
    createPeer: (params) => {
      const factory = code.loaded();
      if (!factory) throw new Error('peer code not loaded: getMedia resolves only once it is');
      return factory(params);
    },
  };
}

/** When the page has nothing else to do (or after `timeoutMs` at the latest). */
export function whenIdle(task: () => void, timeoutMs = 2_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 0);
  return () => clearTimeout(id);
}
