// What the console does with each message from the hub (protocol.ts, expertInboundSchema).
import type { ExpertInbound } from '../../../protocol/assist-signaling.js';
import { fleetChannelOf } from '../fleet/fleet-channel.js';
import { ActiveCall } from './active-call.js';
import type { ConsoleController } from './console-controller.js';

type Of<T extends ExpertInbound['type']> = Extract<ExpertInbound, { type: T }>;

const MAX_LIVE_BREACHES = 20;

function callStarted(ctrl: ConsoleController, message: Of<'call.started'>): void {
  const { store, client, getUserMedia, iceTransportPolicy } = ctrl.deps;
  // After our own reconnect the hub replays the call: keep the media we have.
  if (ctrl.active?.sessionId === message.sessionId) {
    ctrl.active.kioskBack();
    return;
  }
  const session = store.getSnapshot().session;
  if (!session) return;
  void ctrl.active?.end();
  // The hub moves us to in-call without saying so (no expert.state on accept).
  store.update({ expertState: 'in-call' });
  ctrl.active = ActiveCall.start(
    {
      store,
      client,
      token: session.token,
      sendHub: (m) => ctrl.send(m),
      getUserMedia,
      iceTransportPolicy,
      onSessionExpired: () => ctrl.signOut('session-expired'),
    },
    message,
  );
}

async function callEnded(ctrl: ConsoleController, message: Of<'call.end'>): Promise<void> {
  const { store } = ctrl.deps;
  const call = store.getSnapshot().call;
  const active = ctrl.active;
  if (active?.sessionId === message.sessionId) ctrl.active = null;
  if (call?.sessionId === message.sessionId) {
    // Where the hub puts us after a call (its idleState), which it does not announce either.
    store.update({ expertState: store.getSnapshot().wantsCalls ? 'available' : 'away' });
    // A transferred call belongs to someone else now: nothing for this expert to wrap up.
    if (message.reason === 'transferred') store.setPhase('ready', 'call transferred', { call: null });
    else store.setPhase('wrap-up', `call ended: ${message.reason}`, { call: null, ended: { call, reason: message.reason, saving: false } });
  }
  await active?.end();
}

export function handleHubMessage(ctrl: ConsoleController, message: ExpertInbound): void {
  const { store } = ctrl.deps;
  const state = store.getSnapshot();
  switch (message.type) {
    case 'hello':
      if (state.phase === 'connecting') store.setPhase('ready', 'hub said hello');
      return;
    case 'expert.state':
      if (message.state === 'available' || message.state === 'away') return store.update({ expertState: message.state, wantsCalls: message.state === 'available' });
      return store.update({ expertState: message.state });
    case 'queue.snapshot':
      return store.update({ queue: { entries: message.requests, receivedAt: Date.now() } });
    case 'call.started':
      return callStarted(ctrl, message);
    case 'signal':
      if (ctrl.active?.sessionId === message.sessionId) ctrl.active.signal(message.data);
      return;
    case 'peer.state':
      store.updateCall(message.sessionId, (call) => ({ ...call, kioskReconnecting: message.state === 'reconnecting' }));
      if (message.state === 'connected' && ctrl.active?.sessionId === message.sessionId) ctrl.active.kioskBack();
      return;
    case 'call.end':
      void callEnded(ctrl, message);
      return;
    case 'authorization.recorded':
      if (ctrl.active?.sessionId === message.sessionId) ctrl.active.decisionRecorded(message.authRequestId, message.decisionId);
      return;
    case 'disposition.recorded':
      if (state.ended?.call.sessionId === message.sessionId) store.setPhase('ready', 'disposition recorded', { ended: null });
      return;
    case 'supervisor.snapshot': {
      const { type: _type, ...feed } = message;
      return store.update({ supervisor: { ...feed, receivedAt: Date.now() } });
    }
    case 'sla.breach':
      return store.update({ liveBreaches: [message.breach, ...state.liveBreaches].slice(0, MAX_LIVE_BREACHES) });
    case 'fleet.alert':
      // The fleet view, when open, refreshes at once instead of at its next poll.
      return fleetChannelOf(ctrl).emit(message.notice);
    case 'error':
      if (message.about === 'authorization.decide') ctrl.active?.decisionRefused();
      if (message.about === 'disposition' && state.ended) store.update({ ended: { ...state.ended, saving: false } });
      return store.update({ notice: { code: message.code, message: message.message } });
    case 'pong':
      return;
  }
}
