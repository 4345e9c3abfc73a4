// An account application's personal data at rest (issue 11): the document as read, the ID and
// live photos, the face evidence, the consent with its signature and the KYC answers, as one box
// under the hub secret key (hub/auth/hub-secret-box.node.ts, as TOTP secrets and PIN pad keys).
// The application id is the associated data: a box copied onto another application does not open.
import { z } from 'zod';
import { consentSchema, documentReadSchema, faceEvidenceSchema, inlineImageSchema, kycAnswersSchema } from '../../protocol/account-opening.js';
import { openWithHubKey, sealWithHubKey, SecretBoxError } from '../auth/hub-secret-box.node.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';

export const applicationPersonalDataSchema = z
  .object({ document: documentReadSchema, idPhoto: inlineImageSchema.optional(), face: faceEvidenceSchema, consent: consentSchema, kyc: kycAnswersSchema })
  .strict();
export type ApplicationPersonalData = z.infer<typeof applicationPersonalDataSchema>;

export class ApplicationSealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplicationSealError';
  }
}

const aad = (applicationId: string) => `account-application\u0000${applicationId}`;

export function sealApplication(key: HubSecretKey, applicationId: string, data: ApplicationPersonalData): string {
  return sealWithHubKey(key, aad(applicationId), JSON.stringify(data));
}

export function openApplication(key: HubSecretKey, applicationId: string, stored: string): ApplicationPersonalData {
  let clear: string;
  try {
    clear = openWithHubKey(key, aad(applicationId), stored).toString('utf8');
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    if (error.failure === 'not-sealed') throw new ApplicationSealError(`application ${applicationId} is not sealed`);
    if (error.failure === 'other-key') throw new ApplicationSealError(`application ${applicationId} is sealed with hub secret key ${error.kid}, this hub has ${key.kid}`);
    throw new ApplicationSealError(`application ${applicationId} does not open (altered, or moved from another application)`);
  }
  const parsed = applicationPersonalDataSchema.safeParse(JSON.parse(clear));
  if (!parsed.success) throw new ApplicationSealError(`application ${applicationId} opened to an unknown shape`);
  return parsed.data;
}
