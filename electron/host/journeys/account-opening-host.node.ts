// Builds the account-opening service (issue 11) from the host's parts — the signed hub client,
// the device manager (ID card and passport readers, the ID-photo decoder, the receipt printer,
// the card dispenser's stock), the assist client (the expert's call and decision) and the
// outbox — and gives the bridge its handlers. At start, applications a killed host left on the
// way are marked for withdrawal; withdrawals the hub has not confirmed go again every minute.
import type { accountOpeningRequests } from '../../bridge/account-opening-contract.js';
import type { EventBus } from '../../bridge/event-bus.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import type { AssistService } from '../assist/assist-service.node.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import { hubSender } from '../hub-send.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import type { JourneyTimers } from './bill-payment-ports.js';
import { AccountOpeningService } from './account-opening-service.node.js';
import { configuredIdPhotoDecoder } from './demo-id-photo-decoder.node.js';
import { deviceDocumentPort } from './device-document-port.node.js';
import type { FirstCardOffer } from './first-card-offer.js';
import { printOnReceiptPrinter } from './printer-receipt-port.node.js';
import type { IdPhotoDecoder } from './id-photo-decoder.js';
import { outboxApplicationBook, recoverUnfinishedApplications, sendPendingWithdrawals } from './outbox-application-book.node.js';
import type { ReceiptLocale } from './payment-receipt.js';
import { welcomeReceipt } from './welcome-receipt.js';

export type AccountOpeningHandlers = Pick<HandlerMap, keyof typeof accountOpeningRequests>;

export interface AccountOpeningHostDeps {
  config: HostConfig;
  devices: DeviceManager;
  sign: HubRequestSigner;
  outbox: Outbox;
  events: EventBus;
  log: HostLogger;
  online(): boolean;
  expert: Pick<AssistService, 'inCall' | 'onDecision'>;
  /** The vendor's WLT decoder; default: the demo decoder for the simulated reader's photos. */
  photoDecoder?: IdPhotoDecoder;
  timers?: JourneyTimers;
  /** Where an opened account is left for "Issue a debit card now" (cardReplacement.issueFirst). */
  firstCard: FirstCardOffer;
}

const WITHDRAWAL_ROUND_MS = 60_000;

export function createAccountOpening(deps: AccountOpeningHostDeps): { service: AccountOpeningService; handlers: AccountOpeningHandlers; close(): void } {
  const { config, devices, outbox } = deps;
  const log = deps.log.child({ svc: 'account-opening' });
  // A customer waits on these calls: a hub that does not answer in 15 s is treated as away.
  const bank = new HubBankClient(config.kioskId, hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 15_000 }));
  const settings = config.accountOpening;
  const decoder = deps.photoDecoder ?? configuredIdPhotoDecoder(settings.demoPortraitsDir);
  let locale: ReceiptLocale = config.ui.defaultLocale;
  const service = new AccountOpeningService({
    bank,
    documents: deviceDocumentPort(devices, decoder),
    expert: {
      inCall: () => deps.expert.inCall(),
      onDecision: (cb) => deps.expert.onDecision((d) => cb({ authRequestId: d.authRequestId, action: d.action, decisionId: d.decisionId, decision: d.decision, decidedAt: d.decidedAt, signature: d.signature })),
    },
    book: outboxApplicationBook(outbox, log),
    receipt: {
      print: (facts) => printOnReceiptPrinter(devices, welcomeReceipt(facts, { locale, branchName: config.branchName, kioskId: config.kioskId, at: facts.at }), log, { journey: 'account-opening', reference: facts.reference }),
    },
    cardOffer: {
      // The card itself is issued by the card-replacement journey (cardReplacement.issueFirst), which takes the application from firstCard.
      async available(applicationId) {
        if (!devices.roleOf('card-dispenser')) return false;
        const status = await devices.dispenserStatus().catch(() => null);
        const ready = status !== null && status.stock !== 'empty' && !status.jam && !status.coverOpen;
        if (ready) deps.firstCard.offer({ applicationId, currency: 'CNY' });
        return ready;
      },
    },
    consentVersion: settings.consentVersion,
    faceThreshold: settings.faceThreshold,
    expertSlaMs: settings.expertSlaMs,
    online: deps.online,
    emit: (status) => deps.events.emit('accountOpening.state', status),
    log,
    ...(deps.timers ? { timers: deps.timers } : {}),
  });

  const sendWithdrawals = () => sendPendingWithdrawals(outbox, (id, reason) => bank.withdrawApplication(id, reason), log).catch((err: Error) => log.warn({ err: err.message }, 'account-opening: withdrawals not sent'));
  // Before any journey of this run books a row: what an earlier run left is marked for withdrawal
  // (a start waits for that, not for the hub's answers, which come when they come).
  const recovered = recoverUnfinishedApplications(outbox, log).catch((err: Error) => void log.warn({ err: err.message }, 'account-opening: unfinished applications not recovered'));
  void recovered.then(sendWithdrawals);
  const timer = setInterval(() => void sendWithdrawals(), WITHDRAWAL_ROUND_MS);
  timer.unref();

  const handlers: AccountOpeningHandlers = {
    'accountOpening.status': () => service.status(),
    'accountOpening.start': async () => {
      await recovered;
      return service.start();
    },
    'accountOpening.confirmDocument': () => service.confirmDocument(),
    'accountOpening.rereadDocument': () => service.rereadDocument(),
    'accountOpening.face': (evidence) => service.face(evidence),
    'accountOpening.consent': (consent) => service.consent(consent),
    'accountOpening.kyc': ({ answers, locale: chosen }) => {
      locale = chosen;
      return service.kyc(answers, chosen);
    },
    'accountOpening.cancel': () => service.cancel(),
    'accountOpening.finish': () => service.finish(),
  };
  return { service, handlers, close: () => clearInterval(timer) };
}
