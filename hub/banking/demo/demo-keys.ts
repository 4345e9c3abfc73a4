// The demo bank's keys. Published on purpose (hub/banking/README.md): they protect demo data
// only, so simulators, tests and a lab kiosk can produce PIN blocks the demo accepts. A real
// bank keeps its keys in an HSM and never in source.

export interface PinEncryptionKey {
  keyId: string;
  format: 0 | 4;
  /** hex */
  key: string;
}

/** PIN-encryption keys by keyId: the PIN pad simulator encrypts under these. */
export const DEMO_PIN_KEYS: readonly PinEncryptionKey[] = [
  // AES-128 for ISO 9564 format 4.
  { keyId: 'demo-pek-aes-1', format: 4, key: '000102030405060708090A0B0C0D0E0F' },
  // Double-length TDEA for format 0 (its check value, TDEA of zeros, starts 08D7B4).
  { keyId: 'demo-pek-tdes-1', format: 0, key: '0123456789ABCDEFFEDCBA9876543210' },
];

/** HMAC-SHA256 key of the PIN verification value: PVV = HMAC(key, PAN ‖ 0x00 ‖ PIN), hex. */
export const DEMO_PIN_VERIFICATION_KEY = '64656d6f2d70766b2d3031d0c1b2a3948576a5b4c3d2e1f00f1e2d3c4b5a6978';

/** HMAC-SHA256 key under which a PAN is looked up: the table holds HMAC(key, PAN), never the PAN. */
export const DEMO_PAN_LOOKUP_KEY = '64656d6f2d70616e2d3031a1b2c3d4e5f60718293a4b5c6d7e8f9012345678ab';

/**
 * The simulated key ceremony's secret: a kiosk's two TMK components are HMAC-SHA256(this,
 * kioskId ‖ 0x00 ‖ 'A' / 'B'), first 16 bytes each — what custodians would key into the pad and
 * the hub. The PIN pad simulator holds the same (drivers/pinpad/demo-keys.ts). Demo only: a bank
 * loads real components by hand, never derivable from a published value.
 */
export const DEMO_TMK_CEREMONY_KEY = '64656d6f2d746d6b2d636572656d6f6e79a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** The X25519 key pair kiosks seal card data to; generated on first start, kept in the database. */
export const DEMO_CARD_KEY_ID = 'demo-card-1';
