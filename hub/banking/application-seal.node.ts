// An account application's personal data at rest (issue 11): the document as read, the ID and
// live photos, the face evidence, the consent with its signature and the KYC answers, as one
// AES-256-GCM box under the hub secret key (hub/auth/hub-secret-key.node.ts) — the stored form
// the TOTP secrets (assist/staff/totp-secret-box.node.ts) and PIN pad keys use:
//   enc1:<key id>:<96-bit nonce, base64url>:<ciphertext and 128-bit tag, base64url>
// The application id is the associated data: a box copied onto another application does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { consentSchema, documentReadSchema, faceEvidenceSchema, inlineImageSchema, kycAnswersSchema } from '../../protocol/account-opening.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';

const PREFIX = 'enc1';
const TAG_BYTES = 16;

export const applicationPersonalDataSchema = z
  .object({ document: documentReadSchema, idPhoto: inlineImageSchema, face: faceEvidenceSchema, consent: consentSchema, kyc: kycAnswersSchema })
  .strict();
export type ApplicationPersonalData = z.infer<typeof applicationPersonalDataSchema>;

export class ApplicationSealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplicationSealError';
  }
}

const aad = (applicationId: string) => Buffer.from(`account-application\u0000${applicationId}`, 'utf8');

export function sealApplication(key: HubSecretKey, applicationId: string, data: ApplicationPersonalData): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(applicationId));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.kid, iv.toString('base64url'), sealed.toString('base64url')].join(':');
}

export function openApplication(key: HubSecretKey, applicationId: string, stored: string): ApplicationPersonalData {
  const [prefix, kid, iv, sealed, ...rest] = stored.split(':');
  if (prefix !== PREFIX || !kid || !iv || !sealed || rest.length > 0) throw new ApplicationSealError(`application ${applicationId} is not sealed`);
  if (kid !== key.kid) throw new ApplicationSealError(`application ${applicationId} is sealed with hub secret key ${kid}, this hub has ${key.kid}`);
  let clear: string;
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(applicationId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    clear = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // No detail: nothing of the personal data may reach a log.
    throw new ApplicationSealError(`application ${applicationId} does not open (altered, or moved from another application)`);
  }
  const parsed = applicationPersonalDataSchema.safeParse(JSON.parse(clear));
  if (!parsed.success) throw new ApplicationSealError(`application ${applicationId} opened to an unknown shape`);
  return parsed.data;
}
