// The journey's CardPort over the device manager: the card reader's masked 'card' events (with
// the worker's cardRef and the card sealed to the hub's key) and the PIN pad's readPin bound to
// that cardRef. The host holds only the reference, the sealed blob and the masked number: the
// PAN stays in the device worker's vault and the PIN never leaves the pad in clear. A chip card
// pulled out of its reader ('card-removed' from that role) ends a PIN entry bound to it: the pad
// is cancelled and readPin rejects CARD_REMOVED (the journey stops as card-removed).
import { z } from 'zod';
import { sealedCardSchema, sealedIdentitySchema, type PinBlock } from '../../../protocol/card-security.js';
import type { DeviceManager } from '../device-manager.node.js';
import { DeviceCallError } from '../devices/device-handle.js';
import type { CardPort, PresentedCard } from './bill-payment-ports.js';

/** What the host reads of a card event; anything else in it is ignored, never kept. */
const cardEventSchema = z.object({ source: z.enum(['magstripe', 'chip', 'contactless']), cardRef: z.string().min(1).max(64), serviceCode: z.string().optional(), sealed: sealedCardSchema.optional() });
/** An ID reader's document with its sealed identity (China resident ID cards only). */
const sealedDocumentSchema = z.object({ sealed: sealedIdentitySchema, docRef: z.uuid().optional() });

/**
 * The PIN pad's working key until the hub's per-device key is loaded this run
 * (pin-key-loader.node.ts): the demo bank's shared AES key, which the hub takes only from a
 * kiosk whose pad has no key of its own.
 */
export const DEFAULT_PIN_KEY = { keyId: 'demo-pek-aes-1', format: 4 } as const;

export type CardDevices = Pick<DeviceManager, 'onDeviceEvent' | 'readPin' | 'cancelPin' | 'releaseCard'> & Partial<Pick<DeviceManager, 'pinWorkingKey'>>;

export interface DeviceCardPortOptions {
  pinKey?: { keyId: string; format: 0 | 4 };
  /** How long the pad waits for the customer; the journey's own PIN deadline is longer. */
  pinTimeoutMs?: number;
  /**
   * A China ID card on an ID reader is presented too (balances and statements): the journey gets
   * its sealed identity and binds the PIN to the hub's one-time value. Bill payment takes cards only.
   */
  acceptIdentity?: boolean;
}

/** Service code 2xx/6xx: the card has a chip, and a swipe of it must not be used (fallback rules). */
export const isSwipedChipCard = (card: { source: string; serviceCode?: string | undefined }): boolean => card.source === 'magstripe' && /^[26]/.test(card.serviceCode ?? '');

const aborted = (): DeviceCallError => new DeviceCallError('ABORTED', 'the journey no longer waits');
const removedError = (): DeviceCallError => new DeviceCallError('CARD_REMOVED', 'the card left the reader');

export function deviceCardPort(devices: CardDevices, opts: DeviceCardPortOptions = {}): CardPort {
  // Asked at each PIN entry: a key loaded (or rotated) after this port was made is used at once.
  const pinKey = (): { keyId: string; format: 0 | 4 } => {
    if (opts.pinKey) return opts.pinKey;
    const loaded = devices.pinWorkingKey?.();
    return loaded ? { keyId: loaded.keyId, format: 4 } : DEFAULT_PIN_KEY;
  };
  const pinTimeoutMs = opts.pinTimeoutMs ?? 60_000;
  let cardRef: string | null = null;
  /** The held card left its reader; a PIN entry for it is pointless (the worker wiped it). */
  let removed = false;
  let stopWatching: (() => void) | null = null;
  /** Ends the PIN entry running now, if any, when the card leaves. */
  let onRemoval: (() => void) | null = null;
  /** The journey's own watchers (onRemoved): a card that leaves after its PIN ends the journey too. */
  const removalWatchers = new Set<() => void>();

  const forget = async (ref: string): Promise<void> => {
    await devices.releaseCard(ref).catch(() => false);
  };

  const watchRemoval = (role: string, ref: string): void => {
    stopWatching?.();
    removed = false;
    stopWatching = devices.onDeviceEvent((e) => {
      if (e.role !== role || e.name !== 'card-removed') return;
      // A reference in the event names the card that left; another one is not ours.
      const left = (e.payload as { cardRef?: unknown } | null)?.cardRef;
      if (typeof left === 'string' && left !== ref) return;
      removed = true;
      onRemoval?.();
      for (const watcher of [...removalWatchers]) watcher();
    });
  };

  return {
    presentCard(signal) {
      return new Promise<PresentedCard>((resolve, reject) => {
        if (signal.aborted) return reject(aborted());
        const done = () => {
          off();
          signal.removeEventListener('abort', onAbort);
        };
        const onAbort = () => (done(), reject(aborted()));
        const off = devices.onDeviceEvent((e) => {
          if (e.name === 'document' && opts.acceptIdentity) {
            // A passport or licence carries no sealed identity: it is not a way in, so keep waiting.
            const doc = sealedDocumentSchema.safeParse(e.payload);
            if (!doc.success) return;
            done();
            cardRef = null;
            return resolve({ kind: 'identity', sealed: doc.data.sealed, ...(doc.data.docRef ? { document: { role: e.role, docRef: doc.data.docRef } } : {}) });
          }
          if (e.name !== 'card') return;
          const card = cardEventSchema.safeParse(e.payload);
          if (!card.success) return;
          done();
          if (isSwipedChipCard(card.data)) {
            void forget(card.data.cardRef);
            return resolve({ kind: 'insert-chip' });
          }
          // Without the hub's card-data key the worker cannot seal the card: nothing to send.
          if (!card.data.sealed) {
            void forget(card.data.cardRef);
            return reject(new DeviceCallError('CARD_NOT_SEALED', 'the card reader has no card-data key from the hub'));
          }
          cardRef = card.data.cardRef;
          watchRemoval(e.role, cardRef);
          resolve({ kind: 'card', sealed: card.data.sealed });
        });
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },

    async readPin(onDigits, signal, binding): Promise<PinBlock> {
      if (binding !== undefined) {
        // No card behind it (an ID card): nothing can be removed, only the journey can end it.
        if (signal.aborted) throw aborted();
        const cancelPad = () => void devices.cancelPin().catch(() => undefined);
        signal.addEventListener('abort', cancelPad, { once: true });
        try {
          const { keyId, format } = pinKey();
          return await devices.readPin({ binding, keyId, format, timeoutMs: pinTimeoutMs }, { onDigits });
        } finally {
          signal.removeEventListener('abort', cancelPad);
        }
      }
      if (!cardRef) throw new DeviceCallError('CARD_GONE', 'no card presented');
      if (signal.aborted) throw aborted();
      if (removed) throw removedError();
      const cancelPad = () => void devices.cancelPin().catch(() => undefined);
      // The journey's compensation aborts: the pad's entry ends (its readPin rejects PIN_CANCELLED).
      signal.addEventListener('abort', cancelPad, { once: true });
      // The card leaving wins over the pad's own answer (PIN_CANCELLED once cancelled).
      const cardLeft = new Promise<never>((_resolve, reject) => {
        onRemoval = () => {
          cancelPad();
          reject(removedError());
        };
      });
      try {
        const { keyId, format } = pinKey();
        return await Promise.race([devices.readPin({ cardRef, keyId, format, timeoutMs: pinTimeoutMs }, { onDigits }), cardLeft]);
      } finally {
        onRemoval = null;
        signal.removeEventListener('abort', cancelPad);
      }
    },

    onRemoved(cb) {
      removalWatchers.add(cb);
      return () => removalWatchers.delete(cb);
    },

    async release() {
      const ref = cardRef;
      cardRef = null;
      stopWatching?.();
      stopWatching = null;
      removed = false;
      if (ref) await forget(ref);
    },
  };
}
