// Video assistance as the host runs it: the assist client (signaling socket, call state),
// the ID-scan service and the outbox records, exposed to the page as the `assist.*` bridge
// handlers. Hub → page traffic leaves through two events: `assist.state` (the host's call
// state) and `assist.event` (each validated hub message).
import { BridgeError } from '../../bridge/contract.js';
import type { assistRequests } from '../../bridge/assist-contract.js';
import type { EventBus } from '../../bridge/event-bus.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import type { KioskInbound } from '../../../protocol/assist-signaling.js';
import type { DeviceManager } from '../device-manager.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import { AssistClient } from './assist-client.node.js';
import { callOf } from './assist-machine.js';
import type { AssistClientOptions } from './assist-options.js';
import { outboxRecorder } from './assist-records.node.js';
import { recordCallbackRequest } from './callback-request.node.js';
import { assistSocketUrl } from './hub-socket.node.js';
import { IdScanService } from './id-scan.node.js';

export type AssistHandlers = Pick<HandlerMap, keyof typeof assistRequests>;

export interface AssistServiceDeps {
  hubUrl: string | null;
  kioskId: string;
  sign: HubRequestSigner | null;
  log: HostLogger;
  events: EventBus;
  outbox: Pick<Outbox, 'enqueue'>;
  devices: Pick<DeviceManager, 'summary' | 'onDeviceEvent'>;
  /** Tests shorten deadlines and the reconnect schedule. */
  tuning?: Pick<AssistClientOptions, 'timeouts' | 'policy' | 'openSocket' | 'keepConnected' | 'idleReconnect'> & { idScanTimeoutMs?: number };
}

export interface AssistService {
  handlers: AssistHandlers;
  /** Opens the kiosk's signaling socket, kept open from now on (one per kiosk). */
  start(): void;
  /** The customer's session ended: any request or call ends with it. */
  sessionEnded(reason: 'idle' | 'home' | 'completed'): void;
  describe(): string;
  close(): void;
  /** An expert has taken the customer's call (connecting, in the call, or reconnecting to it). */
  inCall(): boolean;
  /** Each remote-authorization decision the hub forwards (signed, already recorded at the hub). */
  onDecision(cb: (decision: Extract<KioskInbound, { type: 'authorization.decision' }>) => void): () => void;
}

export function createAssistService(deps: AssistServiceDeps): AssistService {
  const log = deps.log.child({ svc: 'assist' });
  const records = outboxRecorder(deps.outbox, log);
  const decisionListeners = new Set<(decision: Extract<KioskInbound, { type: 'authorization.decision' }>) => void>();
  const client = new AssistClient({
    hubUrl: deps.hubUrl,
    kioskId: deps.kioskId,
    sign: deps.sign,
    log,
    records,
    onStatus: (status) => deps.events.emit('assist.state', status),
    onHubMessage: (message) => {
      deps.events.emit('assist.event', message);
      if (message.type === 'authorization.decision') for (const cb of decisionListeners) cb(message);
    },
    ...deps.tuning,
  });
  const readers = {
    readyIdReaders: () =>
      deps.devices
        .summary()
        .filter((d) => d.kind === 'id-reader' && d.health.state !== 'offline')
        .map((d) => d.role),
    onDeviceEvent: deps.devices.onDeviceEvent.bind(deps.devices),
  };
  const idScans = new IdScanService(readers, log, deps.tuning?.idScanTimeoutMs);

  const handlers: AssistHandlers = {
    'assist.status': () => client.status(),
    'assist.requestHelp': (input) => client.requestHelp(input),
    'assist.cancel': () => client.cancel(),
    'assist.signal': ({ sessionId, data }) => client.signal(sessionId, data),
    'assist.connected': ({ sessionId }) => client.connected(sessionId),
    'assist.end': ({ sessionId, reason }) => client.end(sessionId, reason),
    'assist.rate': ({ sessionId, locale, ...answer }) => client.rate(sessionId, answer, locale),
    'assist.idScan': ({ sessionId, scanId, document }) => {
      if (callOf(client.state)?.sessionId !== sessionId) throw new BridgeError('BAD_REQUEST', 'no call with this session');
      const immediate = idScans.start(scanId, (outcome) => {
        void records.idScan(sessionId, outcome, document);
        deps.events.emit('assist.idScan', outcome);
      });
      if (!immediate) return { scanId, status: 'pending' as const };
      void records.idScan(sessionId, immediate, document);
      return immediate;
    },
    'assist.idScanCancel': ({ scanId }) => ({ cancelled: idScans.cancel(scanId) }),
    'assist.requestCallback': async ({ phone, consent, topic, locale }) => {
      const answer = await recordCallbackRequest(deps.outbox, log, { phone, consent, topic, locale });
      // Stored first: a customer who gets a reference no longer waits in the video queue.
      client.cancel();
      return answer;
    },
  };

  return {
    handlers,
    start: () => client.start(),
    sessionEnded(reason) {
      idScans.close();
      client.reset(reason);
    },
    inCall: () => callOf(client.state) !== null,
    onDecision(cb) {
      decisionListeners.add(cb);
      return () => void decisionListeners.delete(cb);
    },
    describe: () => `assist        ${deps.hubUrl ? assistSocketUrl(deps.hubUrl, deps.kioskId) : 'no hub configured (video help unavailable)'}`,
    close() {
      idScans.close();
      client.close();
    },
  };
}
