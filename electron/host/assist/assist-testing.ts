// Test doubles for the host's assist client: a hub socket the test plays the hub through,
// and a recorder that keeps what would go to the outbox.
import type { KioskInbound, KioskMessage } from '../../../protocol/assist-signaling.js';
import type { AssistRecorder } from './assist-records.node.js';
import type { HubSocket, HubSocketOptions, OpenHubSocket } from './hub-socket.node.js';

export class FakeHubSocket implements HubSocket {
  readonly sent: KioskMessage[] = [];
  closed = false;

  constructor(private readonly opts: HubSocketOptions) {}

  send(message: KioskMessage): boolean {
    if (this.closed) return false;
    this.sent.push(message);
    return true;
  }

  close(): void {
    this.closed = true;
  }

  /** The hub sends a message to the kiosk. */
  deliver(message: KioskInbound): void {
    this.opts.onMessage(message);
  }

  /** The connection breaks (network, hub restart). */
  drop(code = 1006): void {
    this.closed = true;
    this.opts.onClose({ code, reason: '' });
  }

  types(): string[] {
    return this.sent.map((m) => m.type);
  }
}

export function fakeHub() {
  const sockets: FakeHubSocket[] = [];
  const state = { refuse: false };
  const open: OpenHubSocket = async (opts) => {
    if (state.refuse) throw new Error('connect ECONNREFUSED');
    const socket = new FakeHubSocket(opts);
    sockets.push(socket);
    return socket;
  };
  return {
    open,
    sockets,
    state,
    last(): FakeHubSocket {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}

export function fakeRecorder() {
  const rows: { kind: 'decision' | 'feedback' | 'idScan'; value: unknown }[] = [];
  const recorder: AssistRecorder = {
    decision: async (decision, journeyStep) => void rows.push({ kind: 'decision', value: { ...decision, journeyStep } }),
    feedback: async (sessionId, answer, locale) => void rows.push({ kind: 'feedback', value: { sessionId, ...answer, locale } }),
    idScan: async (sessionId, outcome, document) => void rows.push({ kind: 'idScan', value: { sessionId, outcome, document } }),
  };
  return { recorder, rows };
}
