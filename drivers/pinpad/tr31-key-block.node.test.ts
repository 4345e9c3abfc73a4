import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCmac, aesKcv, KeyBlockError, unwrapKeyBlock, unwrapPinWorkingKey, wrapKeyBlock, wrapPinWorkingKey } from './tr31-key-block.node.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('TR-31 / X9.143 key block, version D', () => {
  it('AES-CMAC matches RFC 4493 (empty, one block, 40 bytes)', () => {
    const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
    expect(aesCmac(key, Buffer.alloc(0)).toString('hex')).toBe('bb1d6929e95937287fa37d129b756746');
    expect(aesCmac(key, hex('6bc1bee22e409f96e93d7e117393172a')).toString('hex')).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(aesCmac(key, hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411')).toString('hex')).toBe('dfa66747de9ae63030ca32611497c827');
  });

  it("the standard's example (TR-31:2018 A.7.4): AES-256 KBPK, P0 AES key, known padding → the published block; it unwraps back", () => {
    const kbpk = hex('88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6');
    const key = hex('3F419E1CB7079442AA37474C2EFBF8B8');
    const block = wrapKeyBlock(kbpk, { usage: 'P0', algorithm: 'A', modeOfUse: 'E', keyVersion: '00', exportability: 'E', optional: [] }, key, hex('1C2965473CE206BB855B01533782'));
    expect(block).toBe('D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34');
    expect(unwrapKeyBlock(kbpk, block)).toEqual({ header: { usage: 'P0', algorithm: 'A', modeOfUse: 'E', keyVersion: '00', exportability: 'E', optional: [] }, key });
  });

  it('a PIN working key with its id: round trip under an AES-128 TMK; the header is padded to whole blocks', () => {
    const tmk = randomBytes(16);
    const key = randomBytes(16);
    const block = wrapPinWorkingKey(tmk, 'pek-k07-3', key);
    expect(block).toMatch(/^D\d{4}P0AE00N020010[0-9A-F]{2}pek-k07-3PB/);
    expect(unwrapPinWorkingKey(tmk, block)).toEqual({ keyId: 'pek-k07-3', key });
    expect(aesKcv(key)).toMatch(/^[0-9A-F]{6}$/);
  });

  it('another TMK, a changed key id, header or body, a cut block: typed errors, no key', () => {
    const tmk = randomBytes(16);
    const block = wrapPinWorkingKey(tmk, 'pek-k07-3', randomBytes(16));
    const code = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (err) {
        return err instanceof KeyBlockError ? err.code : 'untyped';
      }
    };
    expect(code(() => unwrapPinWorkingKey(randomBytes(16), block))).toBe('MAC_MISMATCH');
    expect(code(() => unwrapPinWorkingKey(tmk, block.replace('pek-k07-3', 'pek-k08-3')))).toBe('MAC_MISMATCH');
    expect(code(() => unwrapPinWorkingKey(tmk, block.replace('P0AE', 'P0AB')))).toBe('MAC_MISMATCH');
    const flipped = block.slice(0, 40) + (block[40] === '0' ? '1' : '0') + block.slice(41);
    expect(code(() => unwrapPinWorkingKey(tmk, flipped))).toBe('MAC_MISMATCH');
    expect(code(() => unwrapPinWorkingKey(tmk, block.slice(0, -2)))).toBe('MALFORMED');
    expect(code(() => unwrapPinWorkingKey(tmk, `B${block.slice(1)}`))).toBe('UNSUPPORTED');
    // A key block for another use (a MAC key) is refused by the pad even though it verifies.
    const macKey = wrapKeyBlock(tmk, { usage: 'M3', algorithm: 'A', modeOfUse: 'C', keyVersion: '00', exportability: 'N', optional: [{ id: '10', data: 'mac-1' }] }, randomBytes(16));
    expect(code(() => unwrapPinWorkingKey(tmk, macKey))).toBe('WRONG_USAGE');
  });
});
