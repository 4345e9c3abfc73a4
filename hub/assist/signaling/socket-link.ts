// One signaling WebSocket: turns frames into validated messages for the service, and
// enforces the per-socket rules — size limit, token-bucket rate limit, heartbeats, and for
// staff a periodic re-check that the session is still live.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Clock, TimerHandle } from '../clock.js';
import { ASSIST_CLOSE_CODES, ASSIST_LIMITS, type HubMessage } from '../../../protocol/assist-signaling.js';
import { TokenBucket, type BucketOptions } from '../token-bucket.js';
import type { AssistService } from './assist-service.js';
import { parseExpertMessage, parseKioskMessage, type Parsed } from './parse-message.js';
import type { AnyLink, PartyIdentity } from './peers.js';

export interface SocketRules {
  clock: Clock;
  logger: Logger;
  heartbeatMs: number;
  /** Messages per socket: bursts up to `capacity`, sustained `refillPerSec`. */
  rate: BucketOptions;
  /** Refused messages a socket may accumulate before it is closed (1008). */
  strikes: BucketOptions;
  /** For staff: false once the session expired or was logged out (closes with 4002). */
  revalidate?: () => Promise<boolean>;
  /** For staff: when the session ends at the latest (epoch ms); the socket closes then. */
  expiresAt?: number;
}

export const DEFAULT_RATE: BucketOptions = { capacity: 60, refillPerSec: 20 };
export const DEFAULT_STRIKES: BucketOptions = { capacity: 30, refillPerSec: 1 };

/**
 * Staff sessions are re-checked at every heartbeat (one small query per expert each 15 s):
 * the fallback for a logout on another hub instance. A logout on this instance closes the
 * socket at once (AssistService.staffSessionEnded), and the absolute expiry has its own timer.
 */
const REVALIDATE_EVERY_BEATS = 1;

let connCounter = 0;

// One snapshot object is often sent to hundreds of experts: serialise it once.
const serialized = new WeakMap<object, string>();
function serialize(message: HubMessage): string {
  let text = serialized.get(message);
  if (text === undefined) {
    text = JSON.stringify(message);
    serialized.set(message, text);
  }
  return text;
}

export function attachSocket(socket: WebSocket, party: PartyIdentity, service: AssistService, rules: SocketRules): AnyLink {
  const connId = ++connCounter;
  const log = rules.logger.child({ connId, ...(party.kind === 'kiosk' ? { kioskId: party.kioskId } : { staffId: party.profile.staffId }) });
  const rate = new TokenBucket(rules.rate, rules.clock);
  const strikes = new TokenBucket(rules.strikes, rules.clock);
  let alive = true;
  let open = true;
  let heartbeat: TimerHandle | undefined;

  const link = {
    connId,
    party,
    send: (message: HubMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(serialize(message));
    },
    close: (code: number, reason: string) => socket.close(code, reason),
  } as AnyLink;

  const refuse = (refusal: Extract<Parsed<unknown>, { ok: false }>) => {
    link.send({ type: 'error', code: refusal.code, message: refusal.message, ...(refusal.about ? { about: refusal.about } : {}) });
    if (!strikes.take()) {
      log.warn({ code: refusal.code }, 'assist: closing a socket that keeps sending refused messages');
      socket.close(ASSIST_CLOSE_CODES.policy, 'too many refused messages');
    }
  };

  socket.on('message', (data, isBinary) => {
    if (!rate.take()) {
      refuse({ ok: false, code: 'RATE_LIMITED', message: `at most ${rules.rate.refillPerSec} messages per second (bursts of ${rules.rate.capacity})` });
      return;
    }
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    if (isBinary) return refuse({ ok: false, code: 'MALFORMED_MESSAGE', message: 'send text frames with JSON' });
    if (bytes > ASSIST_LIMITS.maxMessageBytes) {
      return refuse({ ok: false, code: 'MESSAGE_TOO_LARGE', message: `messages are limited to ${ASSIST_LIMITS.maxMessageBytes} bytes` });
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = party.kind === 'kiosk' ? parseKioskMessage(text) : parseExpertMessage(text);
    if (!parsed.ok) {
      log.info({ code: parsed.code, about: parsed.about }, 'assist: message refused');
      return refuse(parsed);
    }
    void service.handle(link, parsed.message);
  });

  socket.on('pong', () => {
    alive = true;
  });

  let beats = 0;
  const beat = (delayMs: number) => {
    heartbeat = rules.clock.setTimeout(async () => {
      beats += 1;
      if (!open) return;
      if (!alive) {
        log.info('assist: no pong within a heartbeat; dropping the socket');
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
      // A database hiccup must not throw experts out of their calls: keep the socket then.
      const due = beats % REVALIDATE_EVERY_BEATS === 0;
      if (due && rules.revalidate && !(await rules.revalidate().catch(() => true))) {
        socket.close(ASSIST_CLOSE_CODES.sessionExpired, 'staff session expired');
        return;
      }
      if (open) beat(rules.heartbeatMs);
    }, delayMs);
  };
  // Sockets opened together must not all ping and query the database together later.
  beat(rules.heartbeatMs * (0.5 + Math.random() * 0.5));
  const expiry =
    rules.expiresAt === undefined
      ? undefined
      : rules.clock.setTimeout(() => socket.close(ASSIST_CLOSE_CODES.sessionExpired, 'staff session expired'), Math.max(0, rules.expiresAt - rules.clock.now()));

  socket.on('close', (code) => {
    open = false;
    if (heartbeat) rules.clock.clearTimeout(heartbeat);
    if (expiry) rules.clock.clearTimeout(expiry);
    log.info({ code }, 'assist: socket closed');
    service.disconnect(link);
  });
  socket.on('error', (error) => log.info({ errMessage: error.message }, 'assist: socket error'));

  log.info({ role: party.kind === 'kiosk' ? 'kiosk' : party.profile.role }, 'assist: socket open');
  service.connect(link);
  return link;
}
