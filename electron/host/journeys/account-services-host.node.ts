// Builds the balances-and-statements service from the host's parts — the signed hub client,
// the device manager (card reader, PIN pad, receipt printer and its health), the outbox — and
// gives the bridge its handlers. Kept out of start-host so that file stays a list of services.
import { v7 as uuidv7 } from 'uuid';
import type { accountServicesRequests } from '../../bridge/account-services-contract.js';
import type { DeviceHealth } from '../../bridge/contract.js';
import type { EventBus } from '../../bridge/event-bus.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import { receiptNumberFor } from '../../../protocol/account-services-item.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import { hubSender } from '../hub-send.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { Outbox } from '../outbox.node.js';
import { outboxEnquiryBook } from './account-services-book.node.js';
import type { AccountCardPort, StatementPolicy } from './account-services-ports.js';
import { accountSlipPrinter } from './account-services-printer.node.js';
import { AccountServicesService } from './account-services-service.node.js';
import { deviceCardPort, type CardDevices } from './device-card-port.node.js';
import { fileStatementInPrintStore, recoverStatementInPrint } from './statement-in-print.node.js';
import { todayIn } from './statement-pages.js';

export type AccountServicesHandlers = Pick<HandlerMap, keyof typeof accountServicesRequests>;

/** The demo bank books in China Standard Time (hub/banking/demo/demo-queries.ts). */
export const BANK_TIME_ZONE = 'Asia/Shanghai';

export const DEFAULT_STATEMENT_RULES = { historyDays: 730, maxDays: 366, entriesPerPage: 20 } as const;

export interface AccountServicesHostDeps {
  config: HostConfig;
  devices: DeviceManager;
  sign: HubRequestSigner;
  outbox: Outbox;
  sync: { kick(): void };
  events: EventBus;
  log: HostLogger;
  statement?: Partial<Omit<StatementPolicy, 'today'>> & { timeZone?: string };
}

/** The shared card port, plus removal as a reader reports it (a read torn by the card leaving). */
export function removableCardPort(devices: CardDevices, opts: { acceptIdentity?: boolean } = {}): AccountCardPort {
  return {
    ...deviceCardPort(devices, opts),
    onRemoved: (cb) =>
      devices.onDeviceEvent((e) => {
        const code = (e.payload as { code?: unknown } | null)?.code;
        if (e.name === 'card-removed' || (e.name === 'read-error' && code === 'CARD_REMOVED')) cb();
      }),
  };
}

/** The receipt printer back to ready, from the device manager's health events. */
export function onPrinterReady(events: EventBus, cb: () => void): () => void {
  return events.subscribe((name, payload) => {
    const health = payload as DeviceHealth;
    if (name === 'device.health' && health.kind === 'receipt-printer' && health.state === 'ready') cb();
  });
}

export function createAccountServices(deps: AccountServicesHostDeps): { service: AccountServicesService; handlers: AccountServicesHandlers } {
  const { config, devices, outbox, sync } = deps;
  const log = deps.log.child({ svc: 'account-services' });
  const timeZone = deps.statement?.timeZone ?? BANK_TIME_ZONE;
  // A customer waits on these calls: a hub that does not answer in 15 s is treated as away.
  const bank = new HubBankClient(config.kioskId, hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 15_000 }));
  const book = outboxEnquiryBook(outbox, log, () => sync.kick());
  // A statement a killed host left printing is recorded as stopped before any new one starts.
  const store = fileStatementInPrintStore(config.dataDir);
  const recovered = recoverStatementInPrint(store, book, log).catch((err: Error) => log.warn({ err: err.message }, 'account-services: statement left printing not recorded'));
  const service = new AccountServicesService({
    bank,
    // A China ID card on the ID reader signs in too (then the PIN of the holder's debit card).
    cardPort: () => removableCardPort(devices, { acceptIdentity: true }),
    acceptsIdCard: () => devices.summary().some((d) => d.kind === 'id-reader' && d.health.state !== 'offline' && d.health.state !== 'error'),
    printer: accountSlipPrinter({ devices, branchName: config.branchName, kioskId: config.kioskId, timeZone, log }),
    // Recorded rows go to the hub now, not at the next sync interval.
    book,
    inPrint: {
      save: async (statement) => {
        await recovered;
        await store.save(statement);
      },
      clear: async () => {
        await recovered;
        await store.clear();
      },
    },
    policy: { ...DEFAULT_STATEMENT_RULES, ...deps.statement, today: () => todayIn(timeZone) },
    enquiry: () => {
      const enquiryId = uuidv7();
      return { enquiryId, receiptNumber: receiptNumberFor(config.kioskId, enquiryId) };
    },
    setCardKey: (key) => devices.setCardKey(key),
    onPrinterReady: (cb) => onPrinterReady(deps.events, cb),
    emit: (status) => deps.events.emit('accounts.state', status),
    log,
  });
  const handlers: AccountServicesHandlers = {
    'accounts.status': () => service.status(),
    'accounts.start': () => service.start(),
    'accounts.printBalances': ({ locale }) => service.printBalances(locale),
    'accounts.showMiniStatement': ({ accountId }) => service.showMiniStatement(accountId),
    'accounts.printMiniStatement': ({ locale }) => service.printMiniStatement(locale),
    'accounts.chooseStatement': ({ accountId }) => service.chooseStatement(accountId),
    'accounts.printStatement': ({ locale, period }) => service.printStatement(locale, period),
    'accounts.resumePrint': () => service.resumePrint(),
    'accounts.backToAccounts': () => service.backToAccounts(),
    'accounts.cancel': () => service.cancel(),
    'accounts.finish': () => service.finish(),
  };
  return { service, handlers };
}
