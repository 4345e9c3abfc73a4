// Builds the bill-payment service from the host's parts — the signed hub client, the device
// manager (card reader, PIN pad, scanner, receipt printer), the outbox and the sync engine's
// status — and gives the bridge its handlers. Kept out of start-host so that file stays a
// list of services.
import type { billPaymentRequests } from '../../bridge/bill-payment-contract.js';
import type { EventBus } from '../../bridge/event-bus.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import { PinKeyLoader } from '../banking/pin-key-loader.node.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import { hubSender } from '../hub-send.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import type { SyncStatus } from '../../bridge/contract.js';
import { BillPaymentService } from './bill-payment-service.node.js';
import { deviceCardPort } from './device-card-port.node.js';
import { outboxOfflinePolicy } from './outbox-offline-policy.node.js';
import { outboxPaymentBook } from './outbox-payment-book.node.js';
import { PaymentAnswerFollower } from './payment-answers.node.js';
import { printerReceiptPort } from './printer-receipt-port.node.js';

export type BillPaymentHandlers = Pick<HandlerMap, keyof typeof billPaymentRequests>;

export interface BillPaymentHostDeps {
  config: HostConfig;
  devices: DeviceManager;
  sign: HubRequestSigner;
  outbox: Outbox;
  sync: { current(): SyncStatus; kick(): void };
  events: EventBus;
  log: HostLogger;
}

/** Scanned text from any barcode-scanner role (a licence crosses without text and is skipped). */
function scansOf(devices: DeviceManager, cb: (text: string) => void): () => void {
  return devices.onDeviceEvent((e) => {
    const data = (e.payload as { data?: unknown } | null)?.data;
    if (e.name === 'scan' && typeof data === 'string') cb(data);
  });
}

export function createBillPayment(deps: BillPaymentHostDeps): { service: BillPaymentService; handlers: BillPaymentHandlers; bank: HubBankClient; answers: PaymentAnswerFollower } {
  const { config, devices, outbox, sync } = deps;
  const log = deps.log.child({ svc: 'bill-payment' });
  // A customer waits on these calls: a hub that does not answer in 15 s is treated as away.
  const bank = new HubBankClient(config.kioskId, hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 15_000 }));
  const book = outboxPaymentBook(outbox, log);
  // The pad's per-device PIN key (both money journeys use it through the device manager): tried
  // once the hub gave its card key (host start), and again at each journey until it worked.
  const pinKeys = new PinKeyLoader({ hub: bank, devices, log });
  const service = new BillPaymentService({
    bank,
    cardPort: () => {
      void pinKeys.ensure();
      return deviceCardPort(devices);
    },
    // Booked rows go to the hub now, not at the next sync interval.
    book: { record: async (payment) => book.record(payment).finally(() => sync.kick()), settle: (id, result) => book.settle(id, result) },
    receipt: (locale) => printerReceiptPort({ devices, branchName: config.branchName, kioskId: config.kioskId, locale, log }),
    offline: outboxOfflinePolicy({ rules: config.outbox.offlineRules, outbox, lastSyncAt: () => sync.current().lastSyncAt }),
    setCardKey: async (key) => {
      await devices.setCardKey(key);
      void pinKeys.ensure();
    },
    onScan: (cb) => scansOf(devices, cb),
    emit: (status) => deps.events.emit('billPayment.state', status),
    log,
  });
  const handlers: BillPaymentHandlers = {
    'billPayment.status': () => service.status(),
    'billPayment.billers': () => service.billers(),
    'billPayment.start': ({ locale }) => service.start(locale),
    'billPayment.findBill': ({ billerId, reference }) => service.findBill({ by: 'reference', billerId, reference }),
    'billPayment.confirmBill': () => service.confirmBill(),
    'billPayment.confirmPayment': ({ locale }) => service.confirmPayment(locale),
    'billPayment.cancel': () => service.cancel(),
    'billPayment.finish': () => service.finish(),
  };
  // Rows whose answer the journey never had (a kill, a payment forwarded later) learn it from the hub.
  const answers = new PaymentAnswerFollower({ outbox, bank, log });
  return { service, handlers, bank, answers };
}
