// The card dispenser in the device worker: the host moves a card (read position, throat,
// capture bin) and waits for the customer to take it; what comes back is the sensor status or
// how the card left — nothing about the card itself, which the dispenser never reads.
import { z } from 'zod';
import { CardDispenserError, type CardDispenser } from '../../../drivers/device-classes.js';
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

export const DISPENSER_METHODS = ['status', 'to-read-position', 'dispense', 'wait-taken', 'capture', 'reset'] as const;
export type DispenserMethod = (typeof DISPENSER_METHODS)[number];

function parsed<T>(schema: z.ZodType<T>, args: unknown, method: string): T {
  const r = schema.safeParse(args ?? {});
  if (!r.success) throw new DeviceCallError('INVALID_REQUEST', `${method}: ${r.error.issues.map((i) => i.path.join('.') || 'args').join(', ')} invalid`);
  return r.data;
}

export function dispenserHandle(config: DeviceConfig, dispenser: CardDispenser): DeviceHandle {
  const run = (method: string, args: unknown): Promise<unknown> => {
    switch (method) {
      case 'status':
        return dispenser.status();
      case 'to-read-position':
        return dispenser.moveToReadPosition();
      case 'dispense':
        return dispenser.dispense();
      case 'wait-taken':
        return dispenser.waitTaken(parsed(waitTakenArgsSchema, args, method));
      case 'capture':
        return dispenser.capture();
      case 'reset':
        return dispenser.reset(parsed(resetArgsSchema, args, method));
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
        if (err instanceof CardDispenserError) throw new DeviceCallError(err.code, err.message);
        throw err;
      }
    },
  };
}
