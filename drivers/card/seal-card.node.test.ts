import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealedCardSchema, type CardSecret } from '../../protocol/card-security.js';
import { CardRead } from './codec/card-read.js';
import { CardSealError, sealCardRead, sealCardSecret } from './seal-card.node.js';
import { generateCardKeyPair, openSealedCard } from './testing/open-sealed-card.node.js';

const PAN = '6212345678901265';
const SECRET: CardSecret = { pan: PAN, expiry: '3012', entry: 'chip', serviceCode: '220', panSequence: '01' };

describe('sealing card data to the hub key', () => {
  const { cardKey, privateKey } = generateCardKeyPair('hub-card-1');

  it('round-trips: the hub key opens what the kiosk sealed', () => {
    const sealed = sealCardSecret(SECRET, cardKey);
    expect(sealedCardSchema.parse(sealed)).toEqual(sealed);
    expect(sealed).toMatchObject({ alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'hub-card-1', masked: '621234******1265', entry: 'chip' });
    expect(openSealedCard(sealed, privateKey)).toEqual(SECRET);
  });

  it('round-trips any valid card, with a fresh ephemeral key and IV each time', () => {
    const secrets = fc.record({ pan: fc.stringMatching(/^\d{12,19}$/), expiry: fc.stringMatching(/^\d{4}$/), entry: fc.constantFrom('chip' as const, 'swipe' as const) });
    fc.assert(
      fc.property(secrets, (s) => {
        const a = sealCardSecret(s, cardKey);
        const b = sealCardSecret(s, cardKey);
        expect(openSealedCard(a, privateKey)).toEqual(s);
        expect(a.epk).not.toBe(b.epk);
        expect(a.iv).not.toBe(b.iv);
        expect(a.masked).toBe(`${s.pan.slice(0, 6)}${'*'.repeat(s.pan.length - 10)}${s.pan.slice(-4)}`);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses to open a tampered ciphertext, tag, IV or keyId, and another hub key', () => {
    const sealed = sealCardSecret(SECRET, cardKey);
    const flip = (b64: string): string => {
      const b = Buffer.from(b64, 'base64url');
      b[0] = (b[0] ?? 0) ^ 1;
      return b.toString('base64url');
    };
    for (const bad of [{ ...sealed, ct: flip(sealed.ct) }, { ...sealed, tag: flip(sealed.tag) }, { ...sealed, iv: flip(sealed.iv) }, { ...sealed, keyId: 'hub-card-2' }, { ...sealed, epk: generateCardKeyPair().cardKey.publicKey }]) {
      expect(() => openSealedCard(bad, privateKey)).toThrow();
    }
    expect(() => openSealedCard(sealed, generateCardKeyPair().privateKey)).toThrow();
  });

  it('neither the sealed object, its JSON nor its inspection carry the PAN or its hidden digits', () => {
    const sealed = sealCardSecret(SECRET, cardKey);
    for (const text of [JSON.stringify(sealed), inspect(sealed, { depth: 5 }), Object.values(sealed).join('|')]) {
      expect(text).not.toContain(PAN);
      expect(text).not.toContain(PAN.slice(6, 12));
      expect(text).not.toContain('3012');
    }
  });

  it('seals a CardRead (swipe or chip) with YYMM expiry and refuses a wiped one', () => {
    const swipe = new CardRead({ source: 'magstripe', pan: PAN, expiry: { year: 2031, month: 4 }, serviceCode: '201' });
    expect(openSealedCard(sealCardRead(swipe, cardKey), privateKey)).toEqual({ pan: PAN, expiry: '3104', entry: 'swipe', serviceCode: '201' });
    const chip = new CardRead({ source: 'contactless', pan: PAN, expiry: { year: 2030, month: 12 } });
    expect(sealCardRead(chip, cardKey).entry).toBe('chip');
    swipe.wipe();
    expect(() => sealCardRead(swipe, cardKey)).toThrow(CardSealError);
  });

  it('bad input is a typed error whose message holds no card data', () => {
    const err = (() => {
      try {
        sealCardSecret({ ...SECRET, pan: `${PAN}ABC` }, cardKey);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CardSealError);
    expect((err as CardSealError).code).toBe('INVALID_SECRET');
    expect((err as CardSealError).message).not.toContain(PAN);
    expect(() => sealCardSecret(SECRET, { ...cardKey, publicKey: 'A'.repeat(43) })).toThrow(CardSealError);
    expect(() => sealCardSecret(SECRET, { ...cardKey, keyId: 'Bad Key' })).toThrow(CardSealError);
  });
});
