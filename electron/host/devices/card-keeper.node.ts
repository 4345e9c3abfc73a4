// A device's card in the worker's card vault, for a device that reads a card on request rather
// than by event (the card dispenser's chip read): the read is kept for the transaction and named
// by reference (for the PIN pad), leaves the worker masked and — once the host has given the
// hub's card-data key — sealed to it (DESIGN §9). It takes 'set-card-key' and 'release-card'
// exactly as card-handle.node.ts does, so the device manager treats both alike.
import { z } from 'zod';
import type { CardRead, MaskedCardRead } from '../../../drivers/card/codec/card-read.js';
import { CardSealError, sealCardRead } from '../../../drivers/card/seal-card.node.js';
import type { DriverLogger } from '../../../drivers/shared/logger.js';
import { cardKeySchema, type CardKey, type SealedCard } from '../../../protocol/card-security.js';
import type { CardVault } from './card-vault.js';
import { DeviceCallError } from './device-handle.js';

const releaseArgs = z.object({ cardRef: z.string().min(1).max(64) }).strict();

/** What leaves the worker for a kept card: never the PAN. */
export type KeptCard = MaskedCardRead & { cardRef: string; sealed?: SealedCard };

export interface CardKeeper {
  /** 'set-card-key': reads from now on are sealed to this key. */
  setKey(args: unknown): { keyId: string };
  /** Keeps `read` in the vault (wiping this device's previous card) and returns its outside. */
  keep(read: CardRead): KeptCard;
  /** 'release-card' {cardRef}: wipes that card, whichever device read it. */
  release(args: unknown): { released: boolean };
  /** The card this device holds has left it (taken, captured, jammed): nothing may use it any more. */
  forget(): void;
  /** The reference of this device's card while the vault may still hold it. */
  readonly heldRef: string | null;
}

export function createCardKeeper(role: string, vault: CardVault, log: DriverLogger): CardKeeper {
  let cardKey: CardKey | null = null;
  let heldRef: string | null = null;
  return {
    get heldRef() {
      return heldRef;
    },
    setKey(args) {
      const key = cardKeySchema.safeParse(args);
      if (!key.success) throw new DeviceCallError('INVALID_ARGS', 'set-card-key takes a card-data key {alg, keyId, publicKey}');
      cardKey = key.data;
      return { keyId: cardKey.keyId };
    },
    keep(read) {
      let sealed: SealedCard | null = null;
      if (cardKey) {
        try {
          sealed = sealCardRead(read, cardKey);
        } catch (err) {
          // As for a card reader: the masked card still serves the journey; the hub gets no number.
          log.warn({ code: err instanceof CardSealError ? err.code : 'SEAL_FAILED' }, 'card read could not be sealed');
        }
      }
      const masked = read.toJSON();
      heldRef = vault.keep(role, read);
      return { ...masked, cardRef: heldRef, ...(sealed ? { sealed } : {}) };
    },
    release(args) {
      const a = releaseArgs.safeParse(args);
      if (!a.success) throw new DeviceCallError('INVALID_ARGS', 'release-card takes {cardRef}');
      if (a.data.cardRef === heldRef) heldRef = null;
      return { released: vault.release(a.data.cardRef) };
    },
    forget() {
      const ref = heldRef;
      heldRef = null;
      if (ref) vault.release(ref);
    },
  };
}
