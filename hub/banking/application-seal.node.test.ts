import { describe, expect, it } from 'vitest';
import { ephemeralSecretKey } from '../auth/hub-secret-key.node.js';
import { sampleApplication } from '../testing/account-opening.node.js';
import { ApplicationSealError, openApplication, sealApplication } from './application-seal.node.js';

describe('account application seal', () => {
  const key = ephemeralSecretKey();
  const { document, idPhoto, face, consent, kyc, applicationId } = sampleApplication('K-seal');
  const data = { document, idPhoto, face, consent, kyc };

  it('opens what it sealed, for the same application only, and shows nothing in clear', () => {
    const sealed = sealApplication(key, applicationId, data);
    expect(sealed).toMatch(new RegExp(`^enc1:${key.kid}:`));
    expect(sealed).not.toContain(document.idNumber);
    expect(openApplication(key, applicationId, sealed)).toEqual(data);
    expect(() => openApplication(key, '00000000-0000-4000-8000-000000000000', sealed)).toThrow(ApplicationSealError);
    expect(() => openApplication(ephemeralSecretKey(), applicationId, sealed)).toThrow(/sealed with hub secret key/);
  });
  it('refuses an altered box without quoting it', () => {
    const sealed = sealApplication(key, applicationId, data);
    const altered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => openApplication(key, applicationId, altered)).toThrow(/does not open/);
  });
});
