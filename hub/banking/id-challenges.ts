// One-time PIN bindings for ID-card sign-ins (protocol/core-banking.ts idChallengeSchema): an
// ISO 9564 PIN block is bound to a PAN, and with an ID card there is none, so the hub issues a
// random PAN-shaped value per try, for one kiosk, for a few minutes. Taking it is one
// conditional UPDATE: a second try, another kiosk, or a late one finds nothing to take, so a
// captured PIN block cannot be replayed. Rows a day past their expiry are pruned as new ones come.
import { randomInt, randomUUID } from 'node:crypto';
import type { IdChallenge } from '../../protocol/core-banking.js';
import type { Queryable } from '../storage/queryable.js';

export const ID_CHALLENGE_TTL_MS = 3 * 60_000;

/** '9' and 15 random digits (ISO/IEC 7812 MII 9: national use, never a payment card). */
const newBinding = (): string => `9${Array.from({ length: 15 }, () => randomInt(10)).join('')}`;

export class IdChallengeStore {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => number,
  ) {}

  async issue(kioskId: string): Promise<IdChallenge> {
    const at = this.now();
    const challenge = { challengeId: randomUUID(), binding: newBinding(), expiresAt: new Date(at + ID_CHALLENGE_TTL_MS).toISOString() };
    await this.db.query('INSERT INTO banking_id_challenges (challenge_id, kiosk_id, binding, expires_at) VALUES ($1, $2, $3, $4)', [challenge.challengeId, kioskId, challenge.binding, challenge.expiresAt]);
    await this.db.query('DELETE FROM banking_id_challenges WHERE expires_at < $1', [new Date(at - 24 * 3_600_000).toISOString()]);
    return challenge;
  }

  /** The binding, once, to the kiosk it was issued to, before it lapses; null otherwise. */
  async take(kioskId: string, challengeId: string): Promise<string | null> {
    const at = new Date(this.now()).toISOString();
    const { rows } = await this.db.query<{ binding: string }>(
      `UPDATE banking_id_challenges SET used_at = $3 WHERE challenge_id = $1 AND kiosk_id = $2 AND used_at IS NULL AND expires_at > $3 RETURNING binding`,
      [challengeId, kioskId, at],
    );
    return rows[0]?.binding ?? null;
  }
}
