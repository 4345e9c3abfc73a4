// Builds the card-replacement service (issue 11) from the host's parts — the signed hub client,
// the device manager (card reader and ID reader to sign in, PIN pad, card dispenser, receipt
// printer) and the outbox — and gives the bridge its handlers. At start, replacements a killed
// host left unfinished are completed 'not-taken' (the dispenser channel cleared first); kept
// completions go to the bank every minute until it confirms them.
import type { cardReplacementRequests } from '../../bridge/card-replacement-contract.js';
import type { EventBus } from '../../bridge/event-bus.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import { hubSender } from '../hub-send.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import { removableCardPort } from './account-services-host.node.js';
import { CardReplacementService } from './card-replacement-service.node.js';
import { deviceNewCardPort } from './device-new-card-port.node.js';
import type { FirstCardOffer } from './first-card-offer.js';
import { printOnReceiptPrinter } from './printer-receipt-port.node.js';
import { configuredIdPhotoDecoder } from './demo-id-photo-decoder.node.js';
import { identityPhotoPort } from './device-document-port.node.js';
import type { IdPhotoDecoder } from './id-photo-decoder.js';
import { outboxReplacementBook, recoverUnfinishedIssues, sendKeptCompletions } from './outbox-replacement-book.node.js';
import { replacementReceipt } from './replacement-receipt.js';

export type CardReplacementHandlers = Pick<HandlerMap, keyof typeof cardReplacementRequests>;

export interface CardReplacementHostDeps {
  config: HostConfig;
  devices: DeviceManager;
  sign: HubRequestSigner;
  outbox: Outbox;
  events: EventBus;
  log: HostLogger;
  takeCardMs?: number;
  /** The vendor's WLT decoder for the ID card's chip photo (the face check after an ID-card sign-in); default: the demo decoder. */
  photoDecoder?: IdPhotoDecoder;
  /** What account opening opened in this session, for "Issue a debit card now". */
  firstCard: FirstCardOffer;
}

const COMPLETION_ROUND_MS = 60_000;

export function createCardReplacement(deps: CardReplacementHostDeps): { service: CardReplacementService; handlers: CardReplacementHandlers; close(): void } {
  const { config, devices, outbox } = deps;
  const log = deps.log.child({ svc: 'card-replacement' });
  // A customer waits on these calls: a hub that does not answer in 15 s is treated as away.
  const bank = new HubBankClient(config.kioskId, hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 15_000 }));
  const usable = (kind: string) => devices.summary().some((d) => d.kind === kind && d.health.state !== 'offline' && d.health.state !== 'error');
  const service = new CardReplacementService({
    bank,
    cardPort: () => removableCardPort(devices, { acceptIdentity: true }),
    acceptsIdCard: () => usable('id-reader'),
    newCard: deviceNewCardPort(devices),
    book: outboxReplacementBook(outbox, log),
    receipt: (locale) => ({
      print: (facts) => printOnReceiptPrinter(devices, replacementReceipt(facts, { locale, branchName: config.branchName, kioskId: config.kioskId, at: new Date() }), log, { journey: 'card-replacement', reference: facts.reference }),
    }),
    emit: (status) => deps.events.emit('cardReplacement.state', status),
    log,
    ...(deps.takeCardMs ? { takeCardMs: deps.takeCardMs } : {}),
    identityPhoto: identityPhotoPort(devices, deps.photoDecoder ?? configuredIdPhotoDecoder(config.accountOpening.demoPortraitsDir)),
    faceThreshold: config.accountOpening.faceThreshold,
  });

  const sendCompletions = () => sendKeptCompletions(outbox, (request) => bank.completeIssue(request), log).catch((err: Error) => log.warn({ err: err.message }, 'card-replacement: completions not sent'));
  // Before any journey of this run books a row: what an earlier run left is theirs to void.
  const recovered = recoverUnfinishedIssues(
    outbox,
    async () => {
      if (devices.roleOf('card-dispenser')) await devices.resetDispenser({ capture: true });
    },
    log,
  )
    .then(sendCompletions)
    .catch((err: Error) => log.warn({ err: err.message }, 'card-replacement: unfinished replacements not recovered'));
  const timer = setInterval(() => void sendCompletions(), COMPLETION_ROUND_MS);
  timer.unref();

  const handlers: CardReplacementHandlers = {
    'cardReplacement.status': () => service.status(),
    'cardReplacement.start': async () => {
      await recovered;
      return service.start();
    },
    'cardReplacement.choose': ({ cardId, reason }) => service.choose(cardId, reason),
    'cardReplacement.backToCards': () => service.backToCards(),
    'cardReplacement.face': (evidence) => service.face(evidence),
    'cardReplacement.confirm': ({ locale }) => service.confirm(locale),
    'cardReplacement.issueFirst': async ({ locale }) => {
      await recovered;
      return service.issueFirst(deps.firstCard, locale);
    },
    'cardReplacement.cancel': () => service.cancel(),
    'cardReplacement.finish': () => service.finish(),
  };
  return { service, handlers, close: () => clearInterval(timer) };
}
