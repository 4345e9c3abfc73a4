// Per-kiosk PIN pad keys at the hub: the key ceremony's TMK sealed at rest, working keys issued
// as TR-31 key blocks under it, confirmed by the pad's KCV (older keys retired), and the demo
// bank verifying each PIN block with the key of the kiosk that sent it — never another kiosk's.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesKcv, unwrapPinWorkingKey } from '../../drivers/pinpad/tr31-key-block.node.js';
import { demoKeyCeremony as padCeremony } from '../../drivers/pinpad/sim/epp.node.js';
import type { PinBlock } from '../../protocol/card-security.js';
import { pinKeyResponseSchema } from '../../protocol/pin-keys.js';
import { ephemeralSecretKey } from '../auth/hub-secret-key.node.js';
import { migrate } from '../storage/migrations.js';
import { sealedSeedCard, seedCard } from '../testing/banking.node.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import type { Banking } from './banking-service.js';
import { demoKeyCeremony } from './demo/demo-crypto.node.js';
import { encryptFormat4 } from './pin-block.node.js';
import { PinPadKeyError, PinPadKeyStore } from './pinpad-keys.node.js';
import { createBanking } from './register-core-banking.node.js';

let testDb: TestDatabase;
const secretKey = ephemeralSecretKey();
const logLines: string[] = [];
let banking: Banking;

beforeAll(async () => {
  testDb = await openTestPglite();
  await migrate(testDb.db);
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const made = await createBanking('demo', { db: testDb.db, secretKey, logger });
  if (!made) throw new Error('no banking');
  banking = made;
}, 60_000);
afterAll(async () => {
  await testDb?.dispose();
});

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));

function pinBlockUnder(key: Buffer, keyId: string, cardId: string, pin?: string): PinBlock {
  const card = seedCard(cardId);
  return { format: 4, keyId, block: encryptFormat4(key, Buffer.from(pin ?? card.pin, 'ascii'), card.pan).toString('hex').toUpperCase() };
}

describe('PinPadKeyStore', () => {
  it('enrolls a TMK from its components (sealed at rest), issues working keys under it, and opens each only for its own kiosk', async () => {
    const store = new PinPadKeyStore(testDb.db, secretKey);
    const [a, b] = [randomBytes(16), randomBytes(16)];
    const tmk = xor(a, b);
    expect(await store.enrollMasterKey('K-store-1', [a, b])).toEqual({ kcv: aesKcv(tmk) });
    const issued = await store.issueWorkingKey('K-store-1');
    const { keyId, key } = unwrapPinWorkingKey(tmk, issued.keyBlock);
    expect(keyId).toBe(issued.keyId);
    expect(issued.kcv).toBe(aesKcv(key));
    expect(await store.keyFor('K-store-1', keyId)).toEqual(key);
    expect(await store.keyFor('K-store-2', keyId)).toBeNull();
    // At rest: neither the TMK nor the key in any form the database shows.
    const { rows } = await testDb.db.query<Record<string, unknown>>("SELECT t.*, k.* FROM banking_pinpad_tmks t JOIN banking_pinpad_keys k USING (kiosk_id) WHERE kiosk_id = 'K-store-1'");
    const stored = JSON.stringify(rows);
    for (const secret of [tmk, key]) expect(stored.toLowerCase()).not.toContain(secret.toString('hex'));
    expect(stored).toContain('enc1:');
    // Another hub secret key opens nothing (a typed error, not a key).
    await expect(new PinPadKeyStore(testDb.db, ephemeralSecretKey()).keyFor('K-store-1', keyId)).rejects.toBeInstanceOf(PinPadKeyError);
  });

  it('confirming a key by its KCV makes it the one; the older keys are retired (kept only for the grace period); a wrong KCV is refused', async () => {
    const store = new PinPadKeyStore(testDb.db, secretKey);
    await store.enrollMasterKey('K-rot', [randomBytes(16), randomBytes(16)]);
    const first = await store.issueWorkingKey('K-rot');
    await store.confirmLoaded('K-rot', first.keyId, first.kcv);
    const second = await store.issueWorkingKey('K-rot');
    await expect(store.confirmLoaded('K-rot', second.keyId, first.kcv)).rejects.toMatchObject({ code: 'KCV_MISMATCH' });
    expect(await store.activeKey('K-rot')).toEqual({ keyId: first.keyId, kcv: first.kcv });
    await store.confirmLoaded('K-rot', second.keyId, second.kcv);
    expect(await store.activeKey('K-rot')).toEqual({ keyId: second.keyId, kcv: second.kcv });
    // Retired now, still opens (a payment stored offline under it may be on its way)…
    expect(await store.keyFor('K-rot', first.keyId)).not.toBeNull();
    // …until the grace period is over.
    await testDb.db.query("UPDATE banking_pinpad_keys SET retired_at = now() - interval '8 days' WHERE key_id = $1", [first.keyId]);
    expect(await store.keyFor('K-rot', first.keyId)).toBeNull();
    await expect(store.confirmLoaded('K-rot', first.keyId, first.kcv)).rejects.toMatchObject({ code: 'UNKNOWN_KEY' });
    await expect(store.issueWorkingKey('K-no-ceremony')).rejects.toMatchObject({ code: 'NO_MASTER_KEY' });
    await expect(store.enrollMasterKey('K-bad', [randomBytes(16)])).rejects.toMatchObject({ code: 'BAD_COMPONENTS' });
  });
});

describe('Banking (demo): per-kiosk PIN keys', () => {
  it("the simulated key ceremony gives pad and hub the same TMK; the pad's key verifies that kiosk's PIN blocks, not another kiosk's", async () => {
    const answer = pinKeyResponseSchema.parse(await banking.issuePinKey('K07'));
    if (answer.outcome !== 'issued') throw new Error('not issued');
    // The pad's side of the ceremony (drivers/pinpad) derives the same components.
    const [pa, pb] = padCeremony('K07');
    const [ha, hb] = demoKeyCeremony('K07');
    expect(xor(pa!, pb!)).toEqual(xor(ha!, hb!));
    const { keyId, key } = unwrapPinWorkingKey(xor(pa!, pb!), answer.keyBlock);
    expect(keyId).toBe(answer.keyId);
    expect(await banking.confirmPinKey('K07', keyId, aesKcv(key))).toEqual({ confirmed: true });

    const cardKey = await banking.cardKey();
    const card = sealedSeedCard(cardKey, 'K1001');
    const approved = await banking.authorise('K07', card, pinBlockUnder(key, keyId, 'K1001'));
    expect(approved.outcome).toBe('approved');
    // The same PIN block from another kiosk: that kiosk has no such key → invalid, no PIN tried.
    expect(await banking.authorise('K08', card, pinBlockUnder(key, keyId, 'K1001'))).toEqual({ outcome: 'declined', reason: 'pin-block-invalid' });
    // Another kiosk's own key, named as this kiosk's: refused too.
    const other = pinKeyResponseSchema.parse(await banking.issuePinKey('K08'));
    if (other.outcome !== 'issued') throw new Error('not issued');
    const [oa, ob] = demoKeyCeremony('K08');
    const otherKey = unwrapPinWorkingKey(xor(oa!, ob!), other.keyBlock).key;
    expect(await banking.authorise('K07', card, pinBlockUnder(otherKey, other.keyId, 'K1001'))).toEqual({ outcome: 'declined', reason: 'pin-block-invalid' });
    // The published demo keys stay valid from any kiosk (a pad that has not loaded its own key yet).
    const demo: PinBlock = { ...pinBlockUnder(Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex'), 'demo-pek-aes-1', 'K1001') };
    expect((await banking.authorise('K07', card, demo)).outcome).toBe('approved');
    // A format 0 (TDEA) block naming this kiosk's AES key: invalid, the key serves format 4 only.
    expect(await banking.authorise('K07', card, { format: 0, keyId, block: '0'.repeat(16) })).toEqual({ outcome: 'declined', reason: 'pin-block-invalid' });
    // A wrong PIN under the right key is a wrong PIN (counted), not an invalid block.
    expect(await banking.authorise('K07', card, pinBlockUnder(key, keyId, 'K1001', '000000'))).toMatchObject({ outcome: 'declined', reason: 'wrong-pin' });
    expect((await banking.authorise('K07', card, pinBlockUnder(key, keyId, 'K1001'))).outcome).toBe('approved');
    // The hub logs key ids and check values, never a key.
    const log = logLines.join('\n');
    expect(log).toContain(answer.kcv);
    for (const secret of [key, otherKey]) expect(log.toLowerCase()).not.toContain(secret.toString('hex'));
  });

  it('a kiosk reporting a check value other than the issued key\'s is not confirmed', async () => {
    const answer = pinKeyResponseSchema.parse(await banking.issuePinKey('K09'));
    if (answer.outcome !== 'issued') throw new Error('not issued');
    expect(await banking.confirmPinKey('K09', answer.keyId, answer.kcv === '000000' ? '111111' : '000000')).toEqual({ confirmed: false, reason: 'kcv-mismatch' });
    expect(await banking.confirmPinKey('K09', 'pek-unknown-1', answer.kcv)).toEqual({ confirmed: false, reason: 'unknown-key' });
  });
});
