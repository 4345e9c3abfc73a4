// A fake kiosk host for component tests: a ClientTransport that answers from handlers,
// validates every input and output against the real contract (as the real host does), records
// calls and lets a test emit host events. Handlers may throw BridgeError to return an error.
import { createBridgeClient, type BridgeClient, type ClientTransport } from '../../electron/bridge/client.js';
import {
  BridgeError,
  events,
  requests,
  type Envelope,
  type EventName,
  type EventPayload,
  type KioskInfo,
  type QueueService,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from '../../electron/bridge/contract.js';

export type FakeHandlers = {
  [N in RequestName]?: (input: RequestInput<N>) => RequestOutput<N> | Promise<RequestOutput<N>>;
};

export const fakeInfo: KioskInfo = {
  kioskId: 'K01',
  branchName: { 'zh-CN': '示例银行 中山路支行', en: 'Example Bank, Zhongshan Rd Branch' },
  defaultLocale: 'zh-CN',
  idleTimeoutMs: 75_000,
  idleWarningMs: 30_000,
  version: '0.1.0',
  serviceMode: false,
};

export const fakeServices: QueueService[] = [
  { id: 'cash', prefix: 'A', name: { 'zh-CN': '个人存取款', en: 'Deposits & withdrawals' }, vip: false },
  { id: 'loans', prefix: 'B', name: { 'zh-CN': '贷款业务', en: 'Loans' }, vip: false },
  { id: 'vip', prefix: 'V', name: { 'zh-CN': '贵宾服务', en: 'VIP service' }, vip: true },
  { id: 'fx', prefix: 'F', name: { 'zh-CN': '外汇业务', en: 'Foreign exchange' }, vip: false },
];

function defaultHandlers(): FakeHandlers {
  let issued = 0;
  let assistSeq = 0;
  return {
    'kiosk.info': () => fakeInfo,
    'queue.services': () => fakeServices,
    'queue.issueTicket': ({ serviceId }) => {
      const prefix = fakeServices.find((s) => s.id === serviceId)?.prefix ?? 'Z';
      issued += 1;
      const ticket = { id: `t${issued}`, number: `${prefix}${1022 + issued}`, serviceId, issuedAt: '2026-11-23T09:00:00Z', ahead: 3, estimatedWaitSec: 841 };
      return { ticket, print: { printed: true } };
    },
    'queue.reprintTicket': () => ({ printed: true }),
    'devices.list': () => [{ role: 'printer', kind: 'receipt-printer', state: 'ready', since: '2026-11-23T08:00:00Z' }],
    'sync.status': () => ({ online: true, backlog: 0, oldestPendingAt: null, lastSyncAt: null }),
    'services.availability': () => ({ online: true, services: [] }),
    // Video help as a host without a hub answers it; tests of the help flow override these.
    'assist.status': () => ({ seq: assistSeq, state: { phase: 'idle' } }),
    'assist.requestHelp': () => ({ seq: ++assistSeq, state: { phase: 'ended', reason: 'unavailable', sessionId: null, rateable: false } }),
    'assist.cancel': () => ({ seq: ++assistSeq, state: { phase: 'idle' } }),
    'session.ended': () => ({ ok: true }),
    'feedback.submit': () => ({ ok: true }),
    'session.opened': () => ({ ok: true }),
  };
}

export interface FakeHost {
  client: BridgeClient;
  transport: ClientTransport;
  calls: { method: RequestName; params: unknown }[];
  callsTo(method: RequestName): unknown[];
  emit<N extends EventName>(event: N, payload: EventPayload<N>): void;
}

export function createFakeHost(overrides: FakeHandlers = {}): FakeHost {
  const handlers: FakeHandlers = { ...defaultHandlers(), ...overrides };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: FakeHost['calls'] = [];

  const answer = async (method: RequestName, params: unknown): Promise<Envelope> => {
    const input = requests[method].input.safeParse(params);
    if (!input.success) return { ok: false, error: { code: 'BAD_REQUEST', message: input.error.message } };
    const handler = handlers[method] as ((input: unknown) => unknown) | undefined;
    if (!handler) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: method } };
    try {
      return { ok: true, result: requests[method].output.parse(await handler(input.data)) };
    } catch (error) {
      if (error instanceof BridgeError) return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
  };

  const transport: ClientTransport = {
    request(method, params) {
      calls.push({ method, params });
      return answer(method, params);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  return {
    client: createBridgeClient(transport),
    transport,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method).map((c) => c.params),
    emit(event, payload) {
      const valid = events[event].parse(payload);
      for (const listener of listeners.get(event) ?? []) listener(valid);
    },
  };
}
