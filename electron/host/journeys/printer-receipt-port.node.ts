// The journey's ReceiptPort over the kiosk's receipt printer. A printer that is missing, out of
// paper or failing answers false: the result screen says the receipt did not print, and the
// payment itself is never affected by it.
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

export function printerReceiptPort(deps: PrinterReceiptPortDeps): ReceiptPort {
  return {
    async printPayment(receipt) {
      const role = deps.devices.roleOf('receipt-printer');
      if (!role) return false;
      const doc = paymentReceipt(receipt, { locale: deps.locale(), branchName: deps.branchName, kioskId: deps.kioskId, at: deps.now?.() ?? new Date() });
      try {
        const result = await deps.devices.print(role, doc);
        if (!result.printed) deps.log.warn({ code: result.code, reference: receipt.reference }, 'bill-payment: receipt not printed');
        return result.printed;
      } catch (err) {
        deps.log.warn({ err: (err as Error).message, reference: receipt.reference }, 'bill-payment: receipt printer failed');
        return false;
      }
    },
  };
}
