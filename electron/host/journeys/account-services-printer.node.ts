// The balances-and-statements journey's printer over the kiosk's receipt printer (the device
// manager's ESC/POS driver). Slips answer true/false like the payment receipt. A statement page
// is its own job, and how it ended decides what the journey does next: whole (the next page),
// or stopped by paper out, an open cover or a printer fault — refused before it started, or
// interrupted part-way (the driver's `interrupted` result) — so that page prints again later.
import type { PrintPause } from '../../bridge/account-services-contract.js';
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { LocalisedText } from '../../../protocol/core-banking.js';
import type { DeviceManager } from '../device-manager.node.js';
import type { HostLogger } from '../log.node.js';
import type { AccountSlipPrinter, PageOutcome } from './account-services-ports.js';
import { balanceSlip, miniStatementSlip, statementPage, type SlipContext } from './account-services-receipts.js';

export interface AccountSlipPrinterDeps {
  devices: Pick<DeviceManager, 'roleOf' | 'print'>;
  branchName: LocalisedText;
  kioskId: string;
  timeZone: string;
  log: HostLogger;
  now?: () => Date;
}

/** The journey's pause reason for a printer error code (PrinterErrorCode, or a device-call code). */
export function pauseFor(code: string | undefined): PrintPause {
  if (code === 'PAPER_OUT') return 'paper-out';
  if (code === 'COVER_OPEN') return 'cover-open';
  return 'printer-error';
}

export function accountSlipPrinter(deps: AccountSlipPrinterDeps): AccountSlipPrinter {
  const ctx = (): SlipContext => ({ branchName: deps.branchName, kioskId: deps.kioskId, timeZone: deps.timeZone, at: deps.now?.() ?? new Date() });

  async function print(doc: ReceiptDocument, what: string, receiptNumber: string): Promise<PageOutcome> {
    const role = deps.devices.roleOf('receipt-printer');
    if (!role) return { printed: false, pause: 'printer-error' };
    try {
      const result = await deps.devices.print(role, doc);
      if (result.printed) return { printed: true };
      deps.log.warn({ code: result.code, receiptNumber, what }, 'account-services: printer stopped part-way');
      return { printed: false, pause: pauseFor(result.code) };
    } catch (err) {
      const code = (err as { code?: string }).code;
      deps.log.warn({ code, err: (err as Error).message, receiptNumber, what }, 'account-services: printer refused the job');
      return { printed: false, pause: pauseFor(code) };
    }
  }

  return {
    printBalances: async (slip) => (await print(balanceSlip(slip, ctx()), 'balances', slip.receiptNumber)).printed,
    printMiniStatement: async (slip) => (await print(miniStatementSlip(slip, ctx()), 'mini-statement', slip.receiptNumber)).printed,
    printStatementPage: (page) => print(statementPage(page, ctx()), `statement page ${page.page}/${page.pages}`, page.receiptNumber),
  };
}
