// What of a China resident ID card is sealed for the hub (protocol/card-security.ts
// identitySecretSchema): the number and the validity only — no name, address, photo or birth
// date, which the bank already holds for its customer.
import type { IdentitySecret } from '../../protocol/card-security.js';
import type { IdDocument } from '../device-classes.js';

export function identitySecretOf(doc: Pick<IdDocument, 'kind' | 'documentNumber' | 'expiryDate'>): IdentitySecret {
  if (doc.kind !== 'cn-resident-id') throw new TypeError(`only a China resident ID card is sealed, not a ${doc.kind}`);
  // The card's "valid to" is an ISO date here; 长期 (no end) reads as null.
  return { kind: 'cn-id', idNumber: doc.documentNumber, validTo: doc.expiryDate === null ? 'long-term' : doc.expiryDate.replaceAll('-', '') };
}
