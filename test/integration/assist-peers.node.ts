// The Node side of a kiosk ↔ expert WebRTC call for integration tests (@roamhq/wrtc). Only
// loopback candidates are ever exchanged — SDP candidate lines and trickled candidates
// naming any other address are dropped on the way — so the call never uses this machine's
// other interfaces. No STUN or TURN server is configured.
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import type { ClientTransport } from '../../electron/bridge/client.js';
import type { KioskHost } from '../../electron/host/start-host.node.js';
import { CALL_CHANNEL_LABEL, parseCallMessage, type CallMessage } from '../../protocol/call-messages.js';
import type { TestSocket } from '../../hub/assist/testing/ws-client.js';
import type { PeerFactory } from '../../renderer/kiosk/assist/peer.js';
import { simplePeerFactory } from '../../renderer/kiosk/assist/peer.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+)$/;

/** The signal with non-loopback candidates removed; null when nothing is left to deliver. */
export function loopbackOnly(data: Record<string, unknown>): Record<string, unknown> | null {
  const candidate = data.candidate as { candidate?: string } | undefined;
  if (candidate && typeof candidate.candidate === 'string') {
    const address = candidate.candidate.split(' ')[4] ?? '';
    return LOOPBACK.test(address) ? data : null;
  }
  if (typeof data.sdp === 'string') {
    const lines = data.sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') || LOOPBACK.test(line.split(' ')[4] ?? ''));
    return { ...data, sdp: lines.join('\r\n') };
  }
  return data;
}

/** The kiosk page's own peer factory, on wrtc, with no ICE servers whatever the hub hands out. */
export function kioskPeers(): PeerFactory {
  const factory = simplePeerFactory({ wrtc });
  return (params) => factory({ ...params, iceServers: [] });
}

/** The page's bridge, straight onto the host's dispatcher and event bus (no transport). */
export function hostTransport(host: KioskHost): ClientTransport {
  return {
    request: (method, params) => host.dispatch(method, params),
    subscribe: (event, listener) => host.events.subscribe((name, payload) => name === event && listener(payload)),
  };
}

export interface ExpertPeer {
  peer: InstanceType<typeof SimplePeer>;
  received: CallMessage[];
  /** ICE ufrag of each offer the expert sent, and of each answer the kiosk returned. */
  ufrags: { offers: string[]; answers: string[] };
  connected: Promise<void>;
  send(message: CallMessage): void;
  close(): void;
}

/** The expert's initiator, signaling through the hub on the expert's socket. */
export function expertPeer(socket: TestSocket, sessionId: string): ExpertPeer {
  const peer = new SimplePeer({ initiator: true, channelName: CALL_CHANNEL_LABEL, trickle: true, config: { iceServers: [] }, wrtc } as ConstructorParameters<typeof SimplePeer>[0]);
  const received: CallMessage[] = [];
  const ufrags = { offers: [] as string[], answers: [] as string[] };
  const ufragOf = (sdp: unknown) => (typeof sdp === 'string' ? (/a=ice-ufrag:(\S+)/.exec(sdp)?.[1] ?? '') : '');
  peer.on('signal', (data) => {
    if (data.type === 'offer') ufrags.offers.push(ufragOf(data.sdp));
    const safe = loopbackOnly(data);
    if (safe) socket.send({ type: 'signal', sessionId, data: safe });
  });
  const onMessage = (raw: unknown) => {
    const message = JSON.parse(String(raw)) as { type: string; sessionId?: string; data?: Record<string, unknown> };
    if (message.type !== 'signal' || message.sessionId !== sessionId || !message.data) return;
    if (peer.destroyed) return;
    if (message.data.type === 'answer') ufrags.answers.push(ufragOf(message.data.sdp));
    // The kiosk's ICE-restart request: re-offer with fresh ICE credentials, as the console does.
    if (message.data.renegotiate === true && message.data.iceRestart === true) {
      peer._pc.restartIce();
      peer.negotiate();
      return;
    }
    const safe = loopbackOnly(message.data);
    if (safe) peer.signal(safe);
  };
  socket.ws.on('message', onMessage);
  peer.on('data', (chunk) => {
    const message = parseCallMessage(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk), 'expert');
    if (message) received.push(message);
  });
  peer.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => peer.on('connect', () => resolve()));
  return {
    peer,
    received,
    ufrags,
    connected,
    send: (message) => peer.send(JSON.stringify(message)),
    close() {
      socket.ws.off('message', onMessage);
      peer.destroy();
    },
  };
}
