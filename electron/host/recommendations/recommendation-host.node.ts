// Builds the recommendation service from the host's parts — the pulled rules in the local
// store, the outbox, the bill-payment journey (its result and card session), the signed hub
// sender for the consent flag, the receipt printer and the ticket service — and gives the
// bridge its two handlers. Kept out of start-host so that file stays a list of services.
import type { recommendationRequests } from '../../bridge/recommendation-contract.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import { marketingConsentResponseSchema, RECOMMENDATION_PATHS, type Consent } from '../../../protocol/recommendations.js';
import type { HubBankClient } from '../banking/hub-bank-client.node.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { hubSender } from '../hub-send.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { BillPaymentService } from '../journeys/bill-payment-service.node.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import type { TicketService } from '../ticket-service.node.js';
import { PulledRules } from './recommendation-rules.node.js';
import { RecommendationService } from './recommendation-service.node.js';

export type RecommendationHandlers = Pick<HandlerMap, keyof typeof recommendationRequests>;

export interface RecommendationHostDeps {
  config: HostConfig;
  db: SqliteDb;
  outbox: Outbox;
  sync: { kick(): void };
  devices: DeviceManager;
  sign: HubRequestSigner;
  bill: { service: BillPaymentService; bank: HubBankClient };
  /** Balances and statements: its card session at Done (the service is built after this one, hence a function). */
  accountsSession(): string | null;
  tickets: TicketService;
  log: HostLogger;
}

export function createRecommendations(deps: RecommendationHostDeps): { service: RecommendationService; handlers: RecommendationHandlers } {
  const log = deps.log.child({ svc: 'recommendations' });
  // The customer has tapped Done and waits for the next screen: 3 s, then no marketing.
  const send = hubSender({ hubUrl: deps.config.hubUrl, sign: deps.sign, requestTimeoutMs: 3_000 });
  const rules = new PulledRules(deps.db, log);
  const service = new RecommendationService({
    rules: () => rules.rules(),
    outbox: deps.outbox,
    billResult: () => deps.bill.service.resultForRecommendation(),
    accountsSession: () => deps.accountsSession(),
    billerCategory: async (billerId) => (await deps.bill.bank.listBillers()).find((b) => b.billerId === billerId)?.category,
    consentOf: async (sessionId): Promise<Consent> => {
      const reply = await send('POST', RECOMMENDATION_PATHS.consent, { kioskId: deps.config.kioskId, sessionId });
      if (reply.status !== 200) throw new Error(`hub answered ${reply.status}`);
      return marketingConsentResponseSchema.parse(await reply.json()).consent;
    },
    print: async (doc) => {
      const role = deps.devices.roleOf('receipt-printer');
      if (!role) return { printed: false, code: 'DEVICE_UNAVAILABLE' };
      try {
        const result = await deps.devices.print(role, doc);
        return result.printed ? { printed: true } : { printed: false, code: result.code ?? 'PRINTER_NOT_READY' };
      } catch (err) {
        return { printed: false, code: err instanceof DeviceCallError ? err.code : 'IO' };
      }
    },
    issueTicket: async (serviceId, locale) => {
      const { ticket, print } = await deps.tickets.issue(serviceId, locale);
      return { number: ticket.number, print: print.printed ? { printed: true } : { printed: false, ...(print.code ? { code: print.code } : {}) } };
    },
    branchName: deps.config.branchName,
    onRecorded: () => deps.sync.kick(),
    log,
  });
  const handlers: RecommendationHandlers = {
    'recommendation.offer': async (request) => ({ offer: await service.offer(request) }),
    'recommendation.respond': ({ offerId, answer, locale }) => service.respond(offerId, answer, locale),
  };
  return { service, handlers };
}
