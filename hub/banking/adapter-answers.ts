// What every banking service does with an adapter's answer before a kiosk sees it: parse it
// against the protocol (an answer outside it is the adapter's fault, a 500, never passed on),
// and the one decline a missing or lapsed card session gets.
import type { z } from 'zod';
import type { Declined } from '../../protocol/core-banking.js';

export class AdapterContractError extends Error {
  constructor(what: string) {
    super(`the core-banking adapter answered ${what} outside the protocol`);
    this.name = 'AdapterContractError';
  }
}

export function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdapterContractError(what);
  return parsed.data;
}

export const sessionExpired: Declined = { outcome: 'declined', reason: 'session-expired' };
