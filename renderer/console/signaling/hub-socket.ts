// The console's signaling socket to the hub. Browsers cannot set headers on a WebSocket, so
// the staff token travels as a second subprotocol (protocol.ts, CONNECTING). A dropped
// socket is not a dropped call: we reconnect with backoff and the hub replays our call.
// Only two closes are final: the session ended (4002) and a newer window took over (4001).
import {
  ASSIST_CLOSE_CODES,
  ASSIST_PATHS,
  ASSIST_PROTOCOL,
  BEARER_PROTOCOL_PREFIX,
  expertInboundSchema,
  type ExpertInbound,
  type ExpertMessage,
} from '../../../protocol/assist-signaling.js';

export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'expired' | 'replaced' | 'closed';

export interface HubSocketOptions {
  url: string;
  token: string;
  onMessage(message: ExpertInbound): void;
  onStatus(status: SocketStatus): void;
  /** Asked after a failed reconnect: a refused upgrade looks like any network error (1006). */
  sessionAlive(): Promise<boolean>;
  WebSocketImpl?: typeof WebSocket;
  /** Backoff steps in ms; the last one repeats. Jitter of up to a quarter is added. */
  backoffMs?: readonly number[];
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const DEFAULT_BACKOFF_MS = [250, 1000, 2000, 4000, 8000];

export function hubSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${ASSIST_PATHS.socket}`;
}

export class HubSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = false;
  private readonly backoff: readonly number[];
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: HubSocketOptions) {
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.setTimer = options.setTimer ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => globalThis.clearTimeout(handle as number));
    this.open();
  }

  /** False when the socket is not open: signals sent meanwhile are lost, as the hub documents. */
  send(message: ExpertMessage): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== ws.OPEN) return false;
    ws.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.ws?.close(1000, 'signed out');
    this.ws = null;
    this.options.onStatus('closed');
  }

  private open(): void {
    const Impl = this.options.WebSocketImpl ?? WebSocket;
    this.options.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new Impl(this.options.url, [ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX + this.options.token]);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.options.onStatus('open');
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = expertInboundSchema.safeParse(json);
      // A message this console does not know (a newer hub) is ignored, not fatal.
      if (parsed.success) this.options.onMessage(parsed.data);
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === ASSIST_CLOSE_CODES.sessionExpired) return this.finish('expired');
      if (event.code === ASSIST_CLOSE_CODES.replaced) return this.finish('replaced');
      void this.retry(event.code === 1006 && this.attempt > 0);
    };
  }

  private finish(status: 'expired' | 'replaced'): void {
    this.stopped = true;
    this.options.onStatus(status);
  }

  private async retry(checkSession: boolean): Promise<void> {
    if (checkSession) {
      const alive = await this.options.sessionAlive().catch(() => true);
      if (!alive) return this.finish('expired');
      if (this.stopped) return;
    }
    const base = this.backoff[Math.min(this.attempt, this.backoff.length - 1)] ?? 1000;
    this.attempt += 1;
    this.options.onStatus('reconnecting');
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (!this.stopped) this.open();
    }, base + Math.random() * base * 0.25);
  }
}
