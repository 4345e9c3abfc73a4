// A card reader in the device worker. Each read is kept in the worker's card vault for the
// transaction and leaves the worker as its masked form, an opaque reference (for the PIN pad)
// and, once the host has given the hub's card-data key, sealed to that key (DESIGN §9).
import { z } from 'zod';
import { cardKeySchema, type CardKey } from '../../../protocol/card-security.js';
import type { CardReader } from '../../../drivers/device-classes.js';
import { CardSealError, sealCardRead } from '../../../drivers/card/seal-card.node.js';
import type { DriverLogger } from '../../../drivers/shared/logger.js';
import type { CardVault } from './card-vault.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import type { DeviceConfig } from './device-config.js';

const releaseArgs = z.object({ cardRef: z.string().min(1).max(64) }).strict();

export function cardHandle(config: DeviceConfig, reader: CardReader, vault: CardVault, log: DriverLogger): DeviceHandle {
  let cardKey: CardKey | null = null;
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
        cb('card', { ...masked, cardRef, ...(sealed ? { sealed } : {}) });
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
