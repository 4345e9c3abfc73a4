// The cards the device worker is holding for a transaction. A card read leaves the worker only
// masked (and sealed to the hub's key); the host names the card by an opaque reference when it
// asks the PIN pad for a PIN bound to it, and the PAN is looked up here, inside the worker.
// One card per reader role (a new read replaces and wipes the last); a card is wiped when
// released or after `ttlMs`, whichever comes first (PCI DSS: memory only, for the transaction).
import { randomUUID } from 'node:crypto';
import type { CardRead } from '../../../drivers/card/codec/card-read.js';

export interface CardVault {
  /** Keeps `read` for `role` and returns its reference; the previous card of the role is wiped. */
  keep(role: string, read: CardRead): string;
  /** The read behind a reference, or null once released, replaced or expired. */
  get(ref: string): CardRead | null;
  release(ref: string): boolean;
  /** Wipes every card (worker stopping). */
  clear(): void;
  readonly size: number;
}

export function createCardVault(ttlMs = 5 * 60_000): CardVault {
  const byRef = new Map<string, { role: string; read: CardRead; timer: ReturnType<typeof setTimeout> }>();
  const byRole = new Map<string, string>();

  const release = (ref: string): boolean => {
    const held = byRef.get(ref);
    if (!held) return false;
    clearTimeout(held.timer);
    held.read.wipe();
    byRef.delete(ref);
    if (byRole.get(held.role) === ref) byRole.delete(held.role);
    return true;
  };

  return {
    keep(role, read) {
      const previous = byRole.get(role);
      if (previous) release(previous);
      const ref = randomUUID();
      const timer = setTimeout(() => release(ref), ttlMs);
      timer.unref?.();
      byRef.set(ref, { role, read, timer });
      byRole.set(role, ref);
      return ref;
    },
    get: (ref) => byRef.get(ref)?.read ?? null,
    release,
    clear() {
      for (const ref of [...byRef.keys()]) release(ref);
    },
    get size() {
      return byRef.size;
    },
  };
}

/** The worker's one vault, shared by its card readers and its PIN pad. */
export const workerCardVault = createCardVault();
