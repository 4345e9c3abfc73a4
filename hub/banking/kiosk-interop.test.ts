// The two ends of the card path agree: what the kiosk's device worker seals
// (drivers/card/seal-card.node.ts) and what its PIN pad encrypts (drivers/pinpad) is what the
// hub opens and decrypts — separate implementations of protocol/card-security.ts, held to each
// other here (a test may import both sides).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealCardSecret, sealIdentitySecret } from '../../drivers/card/seal-card.node.js';
import { DEMO_PIN_KEYS as PAD_KEYS, keyBytes } from '../../drivers/pinpad/demo-keys.js';
import { decipherPinBlock, encipherPinBlock } from '../../drivers/pinpad/pin-block-crypto.node.js';
import { luhnCheckDigit } from '../../protocol/luhn.js';
import { CardSealError, cardKeyOf, generateCardKeyPair, openSealedCard, openSealedIdentity } from './card-seal.node.js';
import { DEMO_PIN_KEYS as HUB_KEYS } from './demo/demo-keys.js';
import { decryptFormat0, decryptFormat4, encryptFormat0, encryptFormat4 } from './pin-block.node.js';

// 13 to 19 digits: the PIN pad refuses a 12-digit PAN for format 0 (the hub pads it; ISO 9564 allows it).
const panArbitrary = fc
  .tuple(fc.integer({ min: 12, max: 18 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }))
  .map(([length, ds]) => {
    const partial = ds.slice(0, length).join('');
    return `${partial}${luhnCheckDigit(partial)}`;
  });
const pinArbitrary = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 12 });
const ascii = (digits: number[]) => Buffer.from(digits.map((d) => 0x30 + d));

describe('kiosk ↔ hub interoperability', () => {
  it('the PIN pad and the hub hold the same demo keys', () => {
    for (const key of HUB_KEYS) expect(PAD_KEYS[key.keyId]).toEqual({ format: key.format, hex: key.key });
  });

  it('the hub decrypts what the PIN pad encrypts, and the other way round (formats 0 and 4)', () => {
    fc.assert(
      fc.property(panArbitrary, pinArbitrary, fc.constantFrom(0 as const, 4 as const), (pan, pin, format) => {
        const hubKey = HUB_KEYS.find((k) => k.format === format);
        if (!hubKey) throw new Error('no key');
        const key = Buffer.from(hubKey.key, 'hex');
        const fromPad = Buffer.from(encipherPinBlock({ format, key: keyBytes({ format, hex: hubKey.key }), pin: Uint8Array.from(pin), pan }));
        const decrypted = format === 0 ? decryptFormat0(key, fromPad, pan) : decryptFormat4(key, fromPad, pan);
        expect(decrypted.toString('ascii')).toBe(pin.join(''));
        const fromHub = format === 0 ? encryptFormat0(key, ascii(pin), pan) : encryptFormat4(key, ascii(pin), pan);
        const back = decipherPinBlock({ format, key: Uint8Array.from(key), block: Uint8Array.from(fromHub), pan });
        expect(back instanceof Uint8Array ? [...back] : back).toEqual(pin);
      }),
      { numRuns: 200 },
    );
  });

  it('the hub opens a card the device worker sealed', () => {
    const pair = generateCardKeyPair('demo-card-1');
    const secret = { pan: '6222021000000000017', expiry: '3012', entry: 'chip' as const, serviceCode: '201' };
    const sealed = sealCardSecret(secret, cardKeyOf(pair));
    expect(openSealedCard(pair, sealed)).toEqual(secret);
  });

  it('the hub opens an ID card the device worker sealed; a sealed card never opens as an identity, nor the reverse', () => {
    const pair = generateCardKeyPair('demo-card-1');
    const identity = sealIdentitySecret({ kind: 'cn-id', idNumber: '110105199002280020', validTo: '20400101' }, cardKeyOf(pair));
    expect(identity.masked).toBe('110105********0020');
    expect(JSON.stringify(identity)).not.toContain('199002280020');
    expect(openSealedIdentity(pair, identity)).toEqual({ kind: 'cn-id', idNumber: '110105199002280020', validTo: '20400101' });
    const card = sealCardSecret({ pan: '6222021000000000025', expiry: '2908', entry: 'swipe' }, cardKeyOf(pair));
    expect(() => openSealedIdentity(pair, { alg: card.alg, keyId: card.keyId, epk: card.epk, iv: card.iv, ct: card.ct, tag: card.tag, kind: 'cn-id', masked: '110105********0020' })).toThrow(CardSealError);
    expect(() => openSealedCard(pair, { ...card, epk: identity.epk, iv: identity.iv, ct: identity.ct, tag: identity.tag })).toThrow(CardSealError);
  });
});
