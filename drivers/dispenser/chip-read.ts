// The chip data the dispenser's IC module returned, as a CardRead (drivers/card/codec/card-read.ts)
// so it is masked and wiped exactly like a card reader's read. A PAN whose check digit fails or
// an expiry that is no month came from the card's personalisation, not the line (the BCC and the
// codec vouch for that): asking again would read the same, so it is CHIP_UNREADABLE.
import { CardRead } from '../card/codec/card-read.js';
import { luhnValid } from '../card/codec/luhn.js';
import { CardDispenserError } from '../device-classes.js';
import type { ChipData } from './codec/chip-data.js';

/** Throws CardDispenserError('CHIP_UNREADABLE') naming the field, never its value. */
export function cardReadOfChip(chip: ChipData, device: string): CardRead {
  const month = Number(chip.expiry.slice(2));
  if (!luhnValid(chip.pan)) throw new CardDispenserError('CHIP_UNREADABLE', `${device}: the chip's card number fails its check digit`);
  if (month < 1 || month > 12) throw new CardDispenserError('CHIP_UNREADABLE', `${device}: the chip's expiry has no valid month`);
  return new CardRead({
    source: 'chip',
    pan: chip.pan,
    expiry: { year: 2000 + Number(chip.expiry.slice(0, 2)), month },
    serviceCode: chip.serviceCode,
    panSequence: chip.panSequence,
  });
}
