// The working PIN-encryption keys loaded into the simulated EPP, by id. Demo material only:
// the hub's demo key store holds the same two, a real bank injects its own keys into the EPP
// and its HSM (the kiosk software never holds a production key).
import type { PinBlockFormat } from './codec/messages.js';

export interface PinKey {
  /** Which PIN block format the key serves: TDEA keys format 0, AES keys format 4. */
  format: PinBlockFormat;
  hex: string;
}

export const DEMO_PIN_KEYS: Readonly<Record<string, PinKey>> = {
  'demo-pek-aes-1': { format: 4, hex: '000102030405060708090A0B0C0D0E0F' },
  'demo-pek-tdes-1': { format: 0, hex: '0123456789ABCDEFFEDCBA9876543210' },
};

export function keyBytes(key: PinKey): Uint8Array {
  return Uint8Array.from(key.hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}
