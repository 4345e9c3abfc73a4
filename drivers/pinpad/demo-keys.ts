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

/**
 * The simulated key ceremony's secret, the same the hub's demo holds
 * (hub/banking/demo/demo-keys.ts): a simulated pad's TMK components are HMAC-SHA256(this,
 * kioskId ‖ 0x00 ‖ 'A' / 'B'), 16 bytes each (sim/epp.node.ts demoKeyCeremony). Demo only.
 */
export const DEMO_TMK_CEREMONY_KEY = '64656d6f2d746d6b2d636572656d6f6e79a1b2c3d4e5f60718293a4b5c6d7e8f90';

export function keyBytes(key: PinKey): Uint8Array {
  return Uint8Array.from(key.hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}
