// Key blocks, ANSI X9.143 / ASC TR-31 version D (AES key block protection key), for the PIN pad's
// working key: the hub wraps a kiosk's PIN encryption key under that pad's terminal master key
// (the KBPK), the pad unwraps it (the simulator here, the hub in hub/banking/pinpad-keys.node.ts). No maintained npm package does TR-31 (checked: none in the
// registry lists), so this is the standard's construction on node:crypto, checked against the
// standard's own example (X9.143 / TR-31:2018 A.7.4, in the test):
//
//   KBEK = CMAC(KBPK, 01 0000 00 alg len) [‖ CMAC(KBPK, 02 0000 00 alg len) for AES-256]   encryption
//   KBMK = CMAC(KBPK, 01 0001 00 alg len) [‖ …02…]                                        authentication
//   payload = key length in bits (2 bytes) ‖ key ‖ random padding to a multiple of 16 bytes
//   MAC = CMAC(KBMK, header ASCII ‖ payload)          (16 bytes; binds usage, algorithm, key id)
//   block = header ‖ hex(AES-CBC(KBEK, iv = MAC, payload)) ‖ hex(MAC)
//
// The header carries usage (P0: PIN encryption), algorithm (A: AES), mode of use (E: encrypt
// only), key version, exportability and optional blocks; ours adds the key's id as the
// proprietary optional block "10", so the id the pad files the key under is under the MAC too.
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyBlockErrorCode = 'MALFORMED' | 'UNSUPPORTED' | 'MAC_MISMATCH' | 'WRONG_USAGE';

/** A key block that cannot be used: nothing of it is loaded. */
export class KeyBlockError extends Error {
  override readonly name = 'KeyBlockError';
  constructor(
    readonly code: KeyBlockErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface KeyBlockHeader {
  /** Two characters; P0 = PIN encryption key. */
  usage: string;
  /** One character; A = AES. */
  algorithm: string;
  /** One character; E = encrypt / wrap only. */
  modeOfUse: string;
  /** Two characters. */
  keyVersion: string;
  /** One character; N = not exportable. */
  exportability: string;
  /** Optional blocks by id (two characters), in order. */
  optional: { id: string; data: string }[];
}

const BLOCK = 16;

function aesEcb(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

function shiftLeft(b: Buffer): Buffer {
  const out = Buffer.alloc(b.length);
  for (let i = 0; i < b.length; i++) out[i] = (((b[i] ?? 0) << 1) | ((b[i + 1] ?? 0) >> 7)) & 0xff;
  if (((b[0] ?? 0) & 0x80) !== 0) out[b.length - 1] = (out[b.length - 1] ?? 0) ^ 0x87;
  return out;
}

const xorInto = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));

/** AES-CMAC (NIST SP 800-38B, RFC 4493). */
export function aesCmac(key: Buffer, data: Buffer): Buffer {
  const k1 = shiftLeft(aesEcb(key, Buffer.alloc(BLOCK)));
  const k2 = shiftLeft(k1);
  const blocks = Math.max(1, Math.ceil(data.length / BLOCK));
  const complete = data.length > 0 && data.length % BLOCK === 0;
  let last: Buffer = Buffer.alloc(BLOCK);
  data.copy(last, 0, (blocks - 1) * BLOCK);
  if (!complete) last[data.length - (blocks - 1) * BLOCK] = 0x80;
  last = xorInto(last, complete ? k1 : k2);
  let x: Buffer = Buffer.alloc(BLOCK);
  for (let i = 0; i < blocks - 1; i++) x = aesEcb(key, xorInto(x, data.subarray(i * BLOCK, (i + 1) * BLOCK)));
  return aesEcb(key, xorInto(x, last));
}

/** Key check value of an AES key: the first 3 bytes of CMAC(key, 16 zero bytes), as X9.24-1:2017 has it for AES. */
export function aesKcv(key: Buffer): string {
  return aesCmac(key, Buffer.alloc(BLOCK)).subarray(0, 3).toString('hex').toUpperCase();
}

function deriveKeys(kbpk: Buffer): { kbek: Buffer; kbmk: Buffer } {
  const alg = { 16: 0x0002, 24: 0x0003, 32: 0x0004 }[kbpk.length];
  if (alg === undefined) throw new KeyBlockError('UNSUPPORTED', 'the key block protection key is AES-128, -192 or -256');
  const bits = kbpk.length * 8;
  const derive = (usage: number): Buffer => {
    const parts: Buffer[] = [];
    for (let counter = 1; parts.length * BLOCK < kbpk.length; counter++) {
      parts.push(aesCmac(kbpk, Buffer.from([counter, usage >> 8, usage & 0xff, 0x00, alg >> 8, alg & 0xff, bits >> 8, bits & 0xff])));
    }
    return Buffer.concat(parts).subarray(0, kbpk.length);
  };
  return { kbek: derive(0x0000), kbmk: derive(0x0001) };
}

const FIELD = { usage: /^[0-9A-Z]{2}$/, algorithm: /^[A-Z]$/, modeOfUse: /^[A-Z0-9]$/, keyVersion: /^[0-9A-Za-z]{2}$/, exportability: /^[A-Z]$/, optId: /^[0-9A-Z]{2}$/, optData: /^[\x20-\x7e]*$/ };

function encodeHeader(h: KeyBlockHeader, payloadBytes: number): string {
  for (const name of ['usage', 'algorithm', 'modeOfUse', 'keyVersion', 'exportability'] as const) {
    if (!FIELD[name].test(h[name])) throw new RangeError(`key block header: bad ${name}`);
  }
  let optional = '';
  let count = h.optional.length;
  for (const block of h.optional) {
    if (!FIELD.optId.test(block.id) || block.id === 'PB' || !FIELD.optData.test(block.data) || block.data.length + 4 > 255) throw new RangeError('key block header: bad optional block');
    optional += `${block.id}${(block.data.length + 4).toString(16).toUpperCase().padStart(2, '0')}${block.data}`;
  }
  // Version D: the header is a whole number of AES blocks; a padding block "PB" fills it.
  const bare = 16 + optional.length;
  if (bare % BLOCK !== 0) {
    let fill = BLOCK - (bare % BLOCK);
    if (fill < 4) fill += BLOCK;
    optional += `PB${fill.toString(16).toUpperCase().padStart(2, '0')}${'0'.repeat(fill - 4)}`;
    count += 1;
  }
  const total = 16 + optional.length + payloadBytes * 2 + BLOCK * 2;
  if (total > 9999) throw new RangeError('key block too long');
  return `D${String(total).padStart(4, '0')}${h.usage}${h.algorithm}${h.modeOfUse}${h.keyVersion}${h.exportability}${String(count).padStart(2, '0')}00${optional}`;
}

function parseHeader(block: string): { header: KeyBlockHeader; headerLength: number } {
  if (!/^[\x20-\x7e]+$/.test(block) || block.length < 16) throw new KeyBlockError('MALFORMED', 'not a key block');
  if (block[0] !== 'D') throw new KeyBlockError('UNSUPPORTED', `key block version ${block[0] ?? ''} (only D, AES, is taken)`);
  if (Number(block.slice(1, 5)) !== block.length) throw new KeyBlockError('MALFORMED', 'the key block length field does not match');
  const header: KeyBlockHeader = { usage: block.slice(5, 7), algorithm: block.slice(7, 8), modeOfUse: block.slice(8, 9), keyVersion: block.slice(9, 11), exportability: block.slice(11, 12), optional: [] };
  const count = Number(block.slice(12, 14));
  if (!Number.isInteger(count) || block.slice(14, 16) !== '00') throw new KeyBlockError('MALFORMED', 'bad key block header');
  let at = 16;
  for (let i = 0; i < count; i++) {
    const id = block.slice(at, at + 2);
    const length = parseInt(block.slice(at + 2, at + 4), 16);
    if (!FIELD.optId.test(id) || !(length >= 4) || at + length > block.length) throw new KeyBlockError('MALFORMED', 'bad optional block');
    if (id !== 'PB') header.optional.push({ id, data: block.slice(at + 4, at + length) });
    at += length;
  }
  if (at % BLOCK !== 0) throw new KeyBlockError('MALFORMED', 'the key block header is not a whole number of blocks');
  return { header, headerLength: at };
}

/** Wraps `key` under `kbpk`. `padding` only for known-answer tests (else random). */
export function wrapKeyBlock(kbpk: Buffer, header: KeyBlockHeader, key: Buffer, padding?: Buffer): string {
  const { kbek, kbmk } = deriveKeys(kbpk);
  const clearLength = Math.ceil((2 + key.length) / BLOCK) * BLOCK;
  const pad = padding ?? randomBytes(clearLength - 2 - key.length);
  if (pad.length !== clearLength - 2 - key.length) throw new RangeError('padding length');
  const payload = Buffer.concat([Buffer.from([(key.length * 8) >> 8, (key.length * 8) & 0xff]), key, pad]);
  try {
    const head = encodeHeader(header, payload.length);
    const mac = aesCmac(kbmk, Buffer.concat([Buffer.from(head, 'ascii'), payload]));
    const cipher = createCipheriv(`aes-${kbek.length * 8}-cbc`, kbek, mac);
    cipher.setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(payload), cipher.final()]);
    return `${head}${encrypted.toString('hex').toUpperCase()}${mac.toString('hex').toUpperCase()}`;
  } finally {
    payload.fill(0);
    kbek.fill(0);
    kbmk.fill(0);
  }
}

/** Opens a key block: the header (checked under the MAC) and the key. Any fault is a KeyBlockError. */
export function unwrapKeyBlock(kbpk: Buffer, block: string): { header: KeyBlockHeader; key: Buffer } {
  const { header, headerLength } = parseHeader(block);
  const body = block.slice(headerLength);
  if (!/^[0-9A-Fa-f]*$/.test(body) || body.length < BLOCK * 4 || body.length % (BLOCK * 2) !== 0) throw new KeyBlockError('MALFORMED', 'bad key block body');
  const encrypted = Buffer.from(body.slice(0, -BLOCK * 2), 'hex');
  const mac = Buffer.from(body.slice(-BLOCK * 2), 'hex');
  const { kbek, kbmk } = deriveKeys(kbpk);
  const decipher = createDecipheriv(`aes-${kbek.length * 8}-cbc`, kbek, mac);
  decipher.setAutoPadding(false);
  const payload = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  try {
    const expected = aesCmac(kbmk, Buffer.concat([Buffer.from(block.slice(0, headerLength), 'ascii'), payload]));
    // Under another KBPK, or with a changed header or body, the MAC does not match.
    if (!timingSafeEqual(expected, mac)) throw new KeyBlockError('MAC_MISMATCH', 'the key block does not verify under this key (another key, or altered)');
    const bits = ((payload[0] ?? 0) << 8) | (payload[1] ?? 0);
    if (bits % 8 !== 0 || bits === 0 || 2 + bits / 8 > payload.length) throw new KeyBlockError('MALFORMED', 'bad key length in the key block');
    return { header, key: Buffer.from(payload.subarray(2, 2 + bits / 8)) };
  } finally {
    payload.fill(0);
    kbek.fill(0);
    kbmk.fill(0);
  }
}

/** The optional block we file the key id under (proprietary ids start with a digit). */
export const KEY_ID_BLOCK = '10';

/** A PIN encryption working key for a pad: P0, AES, encrypt only, not exportable, its id under the MAC. */
export function wrapPinWorkingKey(tmk: Buffer, keyId: string, key: Buffer): string {
  return wrapKeyBlock(tmk, { usage: 'P0', algorithm: 'A', modeOfUse: 'E', keyVersion: '00', exportability: 'N', optional: [{ id: KEY_ID_BLOCK, data: keyId }] }, key);
}

/** The pad's side: only a P0 / AES-128 / encrypt key with a key id is taken. */
export function unwrapPinWorkingKey(tmk: Buffer, block: string): { keyId: string; key: Buffer } {
  const { header, key } = unwrapKeyBlock(tmk, block);
  const keyId = header.optional.find((b) => b.id === KEY_ID_BLOCK)?.data;
  if (header.usage !== 'P0' || header.algorithm !== 'A' || !['E', 'B'].includes(header.modeOfUse) || key.length !== 16 || !keyId) {
    key.fill(0);
    throw new KeyBlockError('WRONG_USAGE', 'not an AES-128 PIN encryption key with a key id');
  }
  return { keyId, key };
}
