// A signaling client for tests: connects with the assist subprotocol, keeps every message
// it receives, and lets a test wait for the next one of a type.
import WebSocket from 'ws';
import { ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX, type HubMessage } from '../../../protocol/assist-signaling.js';

type Of<T extends HubMessage['type']> = Extract<HubMessage, { type: T }>;

interface Waiter {
  match: (message: HubMessage) => boolean;
  resolve: (message: HubMessage) => void;
}

export class TestSocket {
  readonly received: HubMessage[] = [];
  private waiters: Waiter[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as HubMessage;
      this.received.push(message);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** `headers`: e.g. a kiosk's signed upgrade (hub/auth/signed-upgrade.node.ts). */
  static open(url: string, protocols: string[], headers?: Record<string, string>): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, headers ? { headers } : {});
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  static kiosk(baseUrl: string, kioskId: string): Promise<TestSocket> {
    return TestSocket.open(`${baseUrl}?kioskId=${encodeURIComponent(kioskId)}`, [ASSIST_PROTOCOL]);
  }

  static staff(baseUrl: string, token: string): Promise<TestSocket> {
    return TestSocket.open(baseUrl, [ASSIST_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of `type` (after those already taken), optionally matching `where`. */
  next<T extends HubMessage['type']>(type: T, where: (message: Of<T>) => boolean = () => true, timeoutMs = 5000): Promise<Of<T>> {
    const match = (message: HubMessage): message is Of<T> => message.type === type && where(message as Of<T>);
    for (let i = 0; i < this.received.length; i++) {
      const message = this.received[i]!;
      if (match(message)) {
        this.received.splice(i, 1);
        return Promise.resolve(message);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (message) => {
          clearTimeout(timer);
          this.received.splice(this.received.indexOf(message), 1);
          resolve(message as Of<T>);
        },
      });
    });
  }

  /** Every message of `type` received so far (not taken by next()). */
  all<T extends HubMessage['type']>(type: T): Of<T>[] {
    return this.received.filter((message): message is Of<T> => message.type === type);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}
