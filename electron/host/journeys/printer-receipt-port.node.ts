// The journey's ReceiptPort over the kiosk's receipt printer. A printer that is missing, out of
// paper or failing answers false: the result screen says the receipt did not print, and the
// payment itself is never affected by it.
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { DeviceManager } from '../device-manager.node.js';
import type { HostLogger } from '../log.node.js';
import type { ReceiptPort } from './bill-payment-ports.js';
import { paymentReceipt, type ReceiptLocale } from './payment-receipt.js';
import type { LocalisedText } from '../../../protocol/core-banking.js';

export interface PrinterReceiptPortDeps {
  devices: Pick<DeviceManager, 'roleOf' | 'print'>;
  branchName: LocalisedText;
  kioskId: string;
  /** The language the customer chose for this session. */
  locale(): ReceiptLocale;
  log: HostLogger;
  now?: () => Date;
}

/**
 * One receipt on the kiosk's receipt printer: false when there is none, or it did not print (the
 * journey says so on screen; its own outcome never depends on paper). `what` names it in the log.
 */
export async function printOnReceiptPrinter(devices: Pick<DeviceManager, 'roleOf' | 'print'>, doc: ReceiptDocument, log: HostLogger, what: { journey: string; reference: string | null }): Promise<boolean> {
  const role = devices.roleOf('receipt-printer');
  if (!role) return false;
  try {
    const result = await devices.print(role, doc);
    if (!result.printed) log.warn({ code: result.code, reference: what.reference }, `${what.journey}: receipt not printed`);
    return result.printed;
  } catch (err) {
    log.warn({ err: (err as Error).message, reference: what.reference }, `${what.journey}: receipt printer failed`);
    return false;
  }
}

export function printerReceiptPort(deps: PrinterReceiptPortDeps): ReceiptPort {
  return {
    async printPayment(receipt) {
      const doc = paymentReceipt(receipt, { locale: deps.locale(), branchName: deps.branchName, kioskId: deps.kioskId, at: deps.now?.() ?? new Date() });
      return printOnReceiptPrinter(deps.devices, doc, deps.log, { journey: 'bill-payment', reference: receipt.reference });
    },
  };
}
