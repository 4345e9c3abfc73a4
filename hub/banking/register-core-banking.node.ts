// How a hub gets its core-banking adapter: startHub's `coreBanking` option names the demo,
// nothing, an adapter instance, or a factory that builds one from the hub's context (its
// database, secret key and logger). See README.md in this folder.
import type { Logger } from 'pino';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Database } from '../storage/queryable.js';
import { Banking, type BankingOptions } from './banking-service.js';
import type { CoreBankingAdapter } from './core-banking-adapter.js';
import { createDemoCoreBanking } from './demo/demo-core-banking.node.js';
import { demoKeyCeremony } from './demo/demo-crypto.node.js';
import { PinPadKeyStore } from './pinpad-keys.node.js';

export interface CoreBankingContext {
  db: Database;
  secretKey: HubSecretKey;
  logger: Logger;
}

export type CoreBankingFactory = (context: CoreBankingContext) => Promise<CoreBankingAdapter>;

/** 'demo' (the default): the seeded demo bank in the hub's database. 'none': no /v1/banking routes. */
export type CoreBankingChoice = 'demo' | 'none' | CoreBankingAdapter | CoreBankingFactory;

export type BankingTuning = Pick<BankingOptions, 'idempotency' | 'sessions' | 'rates' | 'now' | 'openedAccounts'>;

export async function createBanking(choice: CoreBankingChoice, context: CoreBankingContext, tuning: BankingTuning = {}): Promise<Banking | undefined> {
  if (choice === 'none') return undefined;
  const adapter =
    choice === 'demo'
      ? await createDemoCoreBanking({ db: context.db, secretKey: context.secretKey, ...(tuning.now ? { now: tuning.now } : {}) })
      : typeof choice === 'function'
        ? await choice(context)
        : choice;
  context.logger.info({ coreBanking: adapter.name }, 'hub: core-banking adapter ready');
  // Its PIN and card keys are published: anyone can make PIN blocks it accepts.
  if (choice === 'demo') context.logger.warn('hub: /v1/banking is served by the DEMO bank (seeded data, published keys); set HUB_CORE_BANKING=none or register a bank adapter for production');
  // PIN pad keys per kiosk; the demo enrolls a pad's TMK by its simulated key ceremony, a bank's
  // pads are enrolled by its own ceremony (PinPadKeyStore.enrollMasterKey).
  const pinKeys = { store: new PinPadKeyStore(context.db, context.secretKey), ...(choice === 'demo' ? { ceremony: demoKeyCeremony } : {}) };
  return new Banking({ db: context.db, adapter, logger: context.logger, pinKeys, secretKey: context.secretKey, ...tuning });
}
