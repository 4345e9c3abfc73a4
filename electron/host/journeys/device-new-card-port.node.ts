// The card-replacement journey's NewCardPort over the device manager: a stock card moved to the
// dispenser's read position and its chip read there (kept in the device worker's vault, sealed
// to the hub's key), the PIN pad bound to it by reference, the card presented at the slot and
// waited for, and — as compensation — retracted into the capture bin. The host only ever holds
// the reference, the sealed blob and the masked number.
import type { PinBlock } from '../../../protocol/card-security.js';
import type { DeviceManager } from '../device-manager.node.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { DEFAULT_PIN_KEY } from './device-card-port.node.js';
import type { DispensedCard, NewCardPort } from './card-replacement-ports.js';

type Devices = Pick<DeviceManager, 'moveCardToReadPosition' | 'readDispensedCard' | 'dispenseCard' | 'waitCardTaken' | 'captureCard' | 'readPin' | 'cancelPin' | 'releaseCard'> & Partial<Pick<DeviceManager, 'pinWorkingKey'>>;

export function deviceNewCardPort(devices: Devices, opts: { pinTimeoutMs?: number } = {}): NewCardPort {
  const pinKey = () => {
    const loaded = devices.pinWorkingKey?.();
    return loaded ? { keyId: loaded.keyId, format: 4 as const } : DEFAULT_PIN_KEY;
  };
  return {
    async dispense(signal): Promise<DispensedCard> {
      if (signal.aborted) throw new DeviceCallError('ABORTED', 'the journey no longer waits');
      await devices.moveCardToReadPosition();
      const read = await devices.readDispensedCard();
      // Without the hub's card-data key the chip cannot be sealed: nothing the bank could link.
      if (!read.sealed) {
        await devices.captureCard().catch(() => undefined);
        await devices.releaseCard(read.cardRef).catch(() => false);
        throw new DeviceCallError('CARD_NOT_SEALED', 'the dispenser has no card-data key from the hub');
      }
      return { cardRef: read.cardRef, sealed: read.sealed };
    },

    async readPin(cardRef, onDigits, signal): Promise<PinBlock> {
      if (signal.aborted) throw new DeviceCallError('ABORTED', 'the journey no longer waits');
      const cancelPad = () => void devices.cancelPin().catch(() => undefined);
      signal.addEventListener('abort', cancelPad, { once: true });
      try {
        const { keyId, format } = pinKey();
        return await devices.readPin({ cardRef, keyId, format, timeoutMs: opts.pinTimeoutMs ?? 60_000 }, { onDigits });
      } finally {
        signal.removeEventListener('abort', cancelPad);
      }
    },

    async present(timeoutMs) {
      await devices.dispenseCard();
      return (await devices.waitCardTaken({ timeoutMs })).outcome;
    },

    async capture(cardRef) {
      try {
        await devices.captureCard();
      } finally {
        await devices.releaseCard(cardRef).catch(() => false);
      }
    },
  };
}
