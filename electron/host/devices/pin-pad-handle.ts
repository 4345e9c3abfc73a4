// The PIN pad in the device worker. The host asks for a PIN bound to a card it knows only by
// reference; the PAN is taken from the worker's card vault and goes to the pad, and what comes
// back is the encrypted PIN block. With no card (an ID-card sign-in) the block is bound to the
// hub's one-time binding instead, which the host may hold: it is not a card number. Entry progress leaves as digit counts ('pin-entry').
import { z } from 'zod';
import { keyIdSchema, pinBindingSchema } from '../../../protocol/card-security.js';
import { PinPadError, type PinPad } from '../../../drivers/device-classes.js';
import type { CardVault } from './card-vault.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import type { DeviceConfig } from './device-config.js';

export const readPinArgsSchema = z
  .object({
    /** The card the PIN belongs to, held in the worker's vault… */
    cardRef: z.string().min(1).max(64).optional(),
    /** …or, with no card (an ID-card sign-in), the hub's one-time PAN-shaped binding. */
    binding: pinBindingSchema.optional(),
    keyId: keyIdSchema,
    format: z.union([z.literal(0), z.literal(4)]),
    minLength: z.number().int().min(4).max(12).optional(),
    maxLength: z.number().int().min(4).max(12).optional(),
    timeoutMs: z.number().int().min(100).max(600_000),
  })
  .strict()
  .refine((a) => (a.cardRef === undefined) !== (a.binding === undefined), { message: 'exactly one of cardRef and binding', path: ['cardRef'] });
export type ReadPinArgs = z.infer<typeof readPinArgsSchema>;

/** A working key for the pad: a TR-31 version D key block under its TMK (nothing in clear). */
export const loadKeyArgsSchema = z.object({ keyBlock: z.string().regex(/^D\d{4}[\x20-\x7e]{59,1019}$/) }).strict();
export const loadedKeySchema = z.object({ keyId: keyIdSchema, kcv: z.string().regex(/^[0-9A-F]{6}$/) }).strict();

export function pinPadHandle(config: DeviceConfig, pad: PinPad, vault: CardVault): DeviceHandle {
  return {
    role: config.role,
    health: () => pad.health,
    onHealth: (cb) => void pad.onHealth(cb),
    onEvent: (cb) => void pad.onEntry((e) => cb('pin-entry', { digits: e.digits })),
    open: () => pad.open(),
    close: () => pad.close(),
    async call(method, args) {
      try {
        if (method === 'cancel') return await pad.cancel();
        if (method === 'key-info') return await pad.workingKey();
        if (method === 'load-key') {
          const k = loadKeyArgsSchema.safeParse(args);
          if (!k.success) throw new DeviceCallError('INVALID_REQUEST', 'load-key: keyBlock invalid');
          return await pad.loadWorkingKey(k.data.keyBlock);
        }
        if (method !== 'read-pin') throw new DeviceCallError('UNKNOWN_METHOD', `PIN pad ${config.role} has no method ${method}`);
        const a = readPinArgsSchema.safeParse(args);
        if (!a.success) throw new DeviceCallError('INVALID_REQUEST', `read-pin: ${a.error.issues.map((i) => i.path.join('.') || 'args').join(', ')} invalid`);
        const { cardRef, binding, ...request } = a.data;
        if (binding !== undefined) return await pad.readPin({ ...request, pan: binding });
        const card = cardRef === undefined ? undefined : vault.get(cardRef);
        if (!card) throw new DeviceCallError('CARD_GONE', 'the card was released, replaced or expired; read it again');
        return await pad.readPin({ ...request, pan: card.pan });
      } catch (err) {
        if (err instanceof PinPadError) throw new DeviceCallError(err.code, err.message);
        throw err;
      }
    },
  };
}
