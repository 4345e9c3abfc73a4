// The card dispenser in the device worker: the host moves a card (read position, throat,
// capture bin), has its chip read at the read position and waits for the customer to take it.
// A chip read stays in the worker's card vault (the PIN pad binds the new card's PIN to it by
// reference) and leaves masked, sealed to the hub's key once given; the vault entry is wiped as
// soon as the card leaves the customer's path — taken, captured or jammed — so nothing is done
// with a card that is gone.
import { z } from 'zod';
import { CardDispenserError, type CardDispenser, type CardDispenserStatus } from '../../../drivers/device-classes.js';
import { sealedCardSchema } from '../../../protocol/card-security.js';
import type { CardKeeper } from './card-keeper.node.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import type { DeviceConfig } from './device-config.js';

export const dispenserStatusSchema = z
  .object({
    card: z.enum(['none', 'throat', 'read-position']),
    stock: z.enum(['full', 'low', 'empty']),
    captureBinFull: z.boolean(),
    jam: z.boolean(),
    coverOpen: z.boolean(),
  })
  .strict();
export type DispenserStatus = z.infer<typeof dispenserStatusSchema>;

export const takeResultSchema = z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('taken') }).strict(), z.object({ outcome: z.literal('captured') }).strict()]);
export type TakeResult = z.infer<typeof takeResultSchema>;

/** At most ten minutes: a presented card is the customer's, not a parking place. */
export const waitTakenArgsSchema = z.object({ timeoutMs: z.number().int().min(100).max(600_000).optional() }).strict();
export const resetArgsSchema = z.object({ capture: z.boolean().optional() }).strict();

/** A chip read as it leaves the worker: masked, by reference, sealed when the hub's key was given. Strict: a PAN field would fail it. */
export const dispensedCardSchema = z
  .object({
    source: z.literal('chip'),
    maskedPan: z.string().regex(/^\d{6}\*{2,9}\d{4}$/),
    bin: z.string().regex(/^\d{6}$/),
    last4: z.string().regex(/^\d{4}$/),
    expiry: z.object({ year: z.number().int().min(2000).max(2099), month: z.number().int().min(1).max(12) }).strict(),
    serviceCode: z.string().regex(/^\d{3}$/).optional(),
    panSequence: z.string().regex(/^\d{2}$/).optional(),
    hasName: z.boolean(),
    wiped: z.boolean(),
    cardRef: z.string().min(1).max(64),
    sealed: sealedCardSchema.optional(),
  })
  .strict();
export type DispensedCard = z.infer<typeof dispensedCardSchema>;

export const DISPENSER_METHODS = ['status', 'to-read-position', 'dispense', 'wait-taken', 'capture', 'reset', 'read-chip'] as const;
export type DispenserMethod = (typeof DISPENSER_METHODS)[number];

function parsed<T>(schema: z.ZodType<T>, args: unknown, method: string): T {
  const r = schema.safeParse(args ?? {});
  if (!r.success) throw new DeviceCallError('INVALID_REQUEST', `${method}: ${r.error.issues.map((i) => i.path.join('.') || 'args').join(', ')} invalid`);
  return r.data;
}

export function dispenserHandle(config: DeviceConfig, dispenser: CardDispenser, keeper: CardKeeper): DeviceHandle {
  /** The sensors see no card in the channel: the card read there is gone (taken, captured, jammed). */
  const seen = (s: CardDispenserStatus): CardDispenserStatus => {
    if (s.card === 'none') keeper.forget();
    return s;
  };
  const run = async (method: string, args: unknown): Promise<unknown> => {
    switch (method) {
      case 'status':
        return seen(await dispenser.status());
      case 'to-read-position':
        return seen(await dispenser.moveToReadPosition());
      case 'dispense':
        return seen(await dispenser.dispense());
      case 'wait-taken': {
        const result = await dispenser.waitTaken(parsed(waitTakenArgsSchema, args, method));
        keeper.forget();
        return result;
      }
      case 'capture':
        return seen(await dispenser.capture());
      case 'reset':
        return seen(await dispenser.reset(parsed(resetArgsSchema, args, method)));
      case 'read-chip':
        return keeper.keep(await dispenser.readChip());
      case 'set-card-key':
        return keeper.setKey(args);
      case 'release-card':
        return keeper.release(args);
      default:
        throw new DeviceCallError('UNKNOWN_METHOD', `card dispenser ${config.role} has no method ${method}`);
    }
  };
  return {
    role: config.role,
    health: () => dispenser.health,
    onHealth: (cb) => void dispenser.onHealth(cb),
    onEvent: () => undefined,
    open: () => dispenser.open(),
    close: () => dispenser.close(),
    async call(method, args) {
      try {
        return await run(method, args);
      } catch (err) {
        // A jammed card is stuck inside until a technician pulls it out: never the customer's again.
        if (err instanceof CardDispenserError && err.code === 'JAM') keeper.forget();
        if (err instanceof CardDispenserError) throw new DeviceCallError(err.code, err.message);
        throw err;
      }
    },
  };
}
