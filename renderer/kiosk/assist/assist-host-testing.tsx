// A fake host for the help screens: its assist handlers answer like the real host's state
// machine would, and `set` pushes a state as an `assist.state` event, so a test plays the hub.
import { render } from '@testing-library/react';
import type { AssistState, AssistStatus } from '../../../electron/bridge/assist-contract.js';
import { createKioskI18n } from '../../i18n/i18n.js';
import { createFakeHost, fakeInfo, type FakeHandlers, type FakeHost } from '../../testing/fake-host.js';
import { KioskApp } from '../KioskApp.js';
import { CallDepsContext } from './AssistContext.js';
import { fakeMedia, fakePeers } from './call-testing.js';
import type { MediaMode } from './local-media.js';

export const SESSION = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01';
export const REQUEST = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02';
export const CALL = { sessionId: SESSION, requestId: REQUEST, expert: { displayName: '李伟' }, iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] };

export function renderWithAssist(opts: { media?: MediaMode; handlers?: FakeHandlers } = {}) {
  let seq = 0;
  let state: AssistState = { phase: 'idle' };
  let host: FakeHost | null = null;
  const status = (): AssistStatus => ({ seq, state });
  const move = (next: AssistState): AssistStatus => {
    seq += 1;
    state = next;
    return status();
  };
  const set = (next: AssistState) => host?.emit('assist.state', move(next));
  host = createFakeHost({
    'kiosk.info': () => ({ ...fakeInfo, idleTimeoutMs: 20_000, idleWarningMs: 5_000 }),
    'assist.status': () => status(),
    'assist.requestHelp': () => move({ phase: 'requesting' }),
    'assist.cancel': () => move({ phase: 'idle' }),
    'assist.signal': () => ({ sent: true }),
    'assist.connected': ({ sessionId }) => (state.phase === 'connecting' && state.sessionId === sessionId ? move({ ...state, phase: 'in-call' }) : status()),
    'assist.end': ({ sessionId, reason }) => move({ phase: 'ended', reason, sessionId, rateable: true }),
    'assist.rate': () => move({ phase: 'idle' }),
    'assist.idScan': ({ scanId }) => ({ scanId, status: 'no-reader' }),
    // Like the host: the request is stored, then the customer leaves the video queue.
    'assist.requestCallback': ({ phone }) => {
      setTimeout(() => set({ phase: 'idle' }), 0);
      return { reference: 'CB-7KQ2MX', maskedPhone: `${phone.slice(0, 3)}****${phone.slice(-4)}` };
    },
    ...opts.handlers,
  });
  const peers = fakePeers();
  const media = fakeMedia(opts.media ?? 'video');
  const deps = { createPeer: peers.create, getMedia: async () => media };
  const view = render(
    <CallDepsContext.Provider value={deps}>
      <KioskApp connection={{ kind: 'connected', via: 'ipc', client: host.client }} i18n={createKioskI18n()} />
    </CallDepsContext.Provider>,
  );
  return { ...view, host, set, peers, media, state: () => state };
}
