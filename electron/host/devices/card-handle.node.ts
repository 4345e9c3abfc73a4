// A card reader in the device worker. Each read is kept in the worker's card vault for the
// transaction and leaves the worker as its masked form, an opaque reference (for the PIN pad)
// and, once the host has given the hub's card-data key, sealed to that key (DESIGN §9). A chip
// reader also says when the card it read leaves the slot: the worker wipes that card at once
// (nothing may be done with it any more) and tells the host ('card-removed').
import { z } from 'zod';
import { cardKeySchema, type CardKey } from '../../../protocol/card-security.js';
import type { CardReader } from '../../../drivers/device-classes.js';
import { CardSealError, sealCardRead } from '../../../drivers/card/seal-card.node.js';
import type { DriverLogger } from '../../../drivers/shared/logger.js';
import type { CardVault } from './card-vault.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import type { DeviceConfig } from './device-config.js';

const releaseArgs = z.object({ cardRef: z.string().min(1).max(64) }).strict();

/** A reader that can tell a card leaving the slot (PC/SC); a swipe reader cannot. */
export type CardReaderWithRemoval = CardReader & { onRemoved?(cb: () => void): () => void };

export function cardHandle(config: DeviceConfig, reader: CardReaderWithRemoval, vault: CardVault, log: DriverLogger): DeviceHandle {
  let cardKey: CardKey | null = null;
  /** The reference of the card this reader read last, while the vault may still hold it. */
  let lastRef: string | null = null;
  return {
    role: config.role,
    health: () => reader.health,
    onHealth: (cb) => void reader.onHealth(cb),
    onEvent: (cb) => {
      reader.onCard((read) => {
        let sealed = null;
        if (cardKey) {
          try {
            sealed = sealCardRead(read, cardKey);
          } catch (err) {
            log.warn({ code: err instanceof CardSealError ? err.code : 'SEAL_FAILED' }, 'card read could not be sealed');
          }
        }
        const masked = read.toJSON();
        const cardRef = vault.keep(config.role, read);
        lastRef = cardRef;
        cb('card', { ...masked, cardRef, ...(sealed ? { sealed } : {}) });
      });
      reader.onRemoved?.(() => {
        const ref = lastRef;
        lastRef = null;
        if (ref) vault.release(ref);
        cb('card-removed', ref ? { cardRef: ref } : {});
      });
      reader.onError((err) => cb('read-error', { code: err.code, ...(err.field ? { field: err.field } : {}) }));
    },
    open: () => reader.open(),
    close: () => reader.close(),
    async call(method, args) {
      if (method === 'set-card-key') {
        const key = cardKeySchema.safeParse(args);
        if (!key.success) throw new DeviceCallError('INVALID_ARGS', 'set-card-key takes a card-data key {alg, keyId, publicKey}');
        cardKey = key.data;
        return { keyId: cardKey.keyId };
      }
      if (method === 'release-card') {
        const a = releaseArgs.safeParse(args);
        if (!a.success) throw new DeviceCallError('INVALID_ARGS', 'release-card takes {cardRef}');
        return { released: vault.release(a.data.cardRef) };
      }
      throw new DeviceCallError('UNKNOWN_METHOD', `card reader ${config.role} has no method ${method}`);
    },
  };
}
