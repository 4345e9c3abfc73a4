// An identity document the device worker holds for a journey that needs its full fields
// (account opening, issue 11). Every read still leaves the worker masked; the document's full
// fields cross to the host only when a journey takes them by the reference the masked event
// carried — once: taking it, a newer read on the same reader, or `ttlMs` wipes it from the worker.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IdDocument } from '../../../drivers/device-classes.js';

/** The full fields as they cross from the worker to the host (never to the page, the outbox or a log). */
export const heldDocumentSchema = z
  .object({
    kind: z.enum(['passport', 'id-card', 'drivers-licence', 'cn-resident-id']),
    documentNumber: z.string().min(1).max(40),
    surname: z.string().max(80),
    givenNames: z.string().max(80),
    sex: z.enum(['M', 'F', 'X']),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    expiryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    nationality: z.string().max(3).optional(),
    issuer: z.string().max(60).optional(),
    address: z.string().max(120).optional(),
    /** The chip's raw photo (a China ID card's is WLT-compressed), base64. */
    photo: z.string().max(8_000).optional(),
  })
  .strict();
export type HeldDocument = z.infer<typeof heldDocumentSchema>;

export const takeDocumentArgsSchema = z.object({ docRef: z.uuid() }).strict();

export interface DocumentHolder {
  /** Holds the reader's newest document (the previous one is dropped); answers its reference. */
  keep(doc: IdDocument): string;
  /** The document behind `docRef`, once; null when taken, replaced or expired. */
  take(docRef: string): HeldDocument | null;
  clear(): void;
}

export function createDocumentHolder(ttlMs = 2 * 60_000): DocumentHolder {
  let held: { ref: string; doc: HeldDocument; timer: ReturnType<typeof setTimeout> } | null = null;
  const drop = () => {
    if (held) clearTimeout(held.timer);
    held = null;
  };
  return {
    keep(doc) {
      drop();
      const ref = randomUUID();
      const timer = setTimeout(drop, ttlMs);
      timer.unref?.();
      held = {
        ref,
        timer,
        doc: {
          kind: doc.kind,
          documentNumber: doc.documentNumber,
          surname: doc.surname,
          givenNames: doc.givenNames,
          sex: doc.sex,
          birthDate: doc.birthDate,
          expiryDate: doc.expiryDate,
          ...(doc.nationality ? { nationality: doc.nationality } : {}),
          ...(doc.issuer ? { issuer: doc.issuer.slice(0, 60) } : {}),
          ...(doc.address ? { address: doc.address.slice(0, 120) } : {}),
          ...(doc.photo && doc.photo.length > 0 ? { photo: Buffer.from(doc.photo).toString('base64') } : {}),
        },
      };
      return ref;
    },
    take(docRef) {
      if (held?.ref !== docRef) return null;
      const { doc } = held;
      drop();
      return doc;
    },
    clear: drop,
  };
}
