// Options of the host's assist client: where the hub is, how to sign, where records go, and
// the deadlines of each phase (tests shorten them; production keeps the defaults).
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import type { AssistStatus } from '../../bridge/assist-contract.js';
import type { RequestInput } from '../../bridge/contract.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { AssistRecorder } from './assist-records.node.js';
import type { OpenHubSocket } from './hub-socket.node.js';
import type { BackoffPolicy } from '../sync-backoff.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

export type HelpInput = RequestInput<'assist.requestHelp'>;

export interface AssistTimeouts {
  /** Opening the socket (TCP, TLS, upgrade). */
  openMs: number;
  /** help.request → queue.position. */
  answerMs: number;
  /** The longest a customer is kept waiting for an expert. */
  maxWaitMs: number;
  /** call.assigned → the page's peer connection is up. */
  connectMs: number;
  /** Socket reopened → the hub replays our place. */
  resumeMs: number;
  /** After the call, the socket stays open this long for the rating (when it is not kept open anyway). */
  lingerMs: number;
}

export const DEFAULT_ASSIST_TIMEOUTS: AssistTimeouts = { openMs: 10_000, answerMs: 10_000, maxWaitMs: 15 * 60_000, connectMs: 45_000, resumeMs: 5_000, lingerMs: 120_000 };

export interface AssistClientOptions {
  hubUrl: string | null;
  kioskId: string;
  sign: HubRequestSigner | null;
  log: HostLogger;
  records: AssistRecorder;
  onStatus(status: AssistStatus): void;
  onHubMessage(message: KioskInbound): void;
  policy?: ReconnectPolicy;
  timeouts?: Partial<AssistTimeouts>;
  openSocket?: OpenHubSocket;
  /**
   * One signaling socket per kiosk, open from `start()` on and reopened after a loss (default
   * true): Help then costs one message, not a connection and a signed upgrade, and the hub
   * sees which kiosks are up. False: a socket per visit, closed when the visit is over.
   */
  keepConnected?: boolean;
  /** Backoff of the idle reconnects (full jitter); tests shorten it. */
  idleReconnect?: BackoffPolicy;
}

/** Idle reconnects: a kiosk nobody is using retries gently, up to once a minute. */
export const DEFAULT_IDLE_RECONNECT: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };
