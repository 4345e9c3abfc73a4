// A card verified on one kiosk, for a few minutes: balance, statement and payment calls name
// the session instead of sending card and PIN again. Bound to the kiosk that verified the card
// (another kiosk's signed request cannot use it), idle-limited and capped, ended early when the
// card leaves the reader. In the database, so any hub instance can serve the next call.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../storage/queryable.js';
import { toIsoString } from '../storage/row-values.js';

export interface CardSessionOptions {
  /** A session unused this long ends. */
  idleMs?: number;
  /** And none outlives this, however busy. */
  maxMs?: number;
  now?: () => number;
}

export interface OpenSession {
  sessionId: string;
  cardRef: string;
  maskedPan: string;
  expiresAt: string;
}

export class CardSessionStore {
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Queryable,
    options: CardSessionOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 3 * 60_000;
    this.maxMs = options.maxMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async open(kioskId: string, cardRef: string, maskedPan: string): Promise<OpenSession> {
    const sessionId = randomUUID();
    const now = this.now();
    const expiresAt = new Date(now + this.idleMs).toISOString();
    // One card session per kiosk: the customer before is gone once a new card is verified.
    await this.db.query('UPDATE banking_card_sessions SET ended_at = $2 WHERE kiosk_id = $1 AND ended_at IS NULL', [kioskId, new Date(now).toISOString()]);
    await this.db.query('INSERT INTO banking_card_sessions (session_id, kiosk_id, card_ref, masked_pan, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      sessionId,
      kioskId,
      cardRef,
      maskedPan,
      new Date(now).toISOString(),
      expiresAt,
    ]);
    return { sessionId, cardRef, maskedPan, expiresAt };
  }

  /** The live session of this kiosk, its idle deadline pushed back; null when ended, expired or another kiosk's. */
  async use(kioskId: string, sessionId: string): Promise<OpenSession | null> {
    const now = this.now();
    const { rows } = await this.db.query<{ card_ref: string; masked_pan: string; expires_at: unknown }>(
      `UPDATE banking_card_sessions
       SET expires_at = LEAST($3::timestamptz + ($4 || ' milliseconds')::interval, created_at + ($5 || ' milliseconds')::interval)
       WHERE session_id = $1 AND kiosk_id = $2 AND ended_at IS NULL AND expires_at > $3::timestamptz
       RETURNING card_ref, masked_pan, expires_at`,
      [sessionId, kioskId, new Date(now).toISOString(), String(this.idleMs), String(this.maxMs)],
    );
    const row = rows[0];
    return row ? { sessionId, cardRef: row.card_ref, maskedPan: row.masked_pan, expiresAt: toIsoString(row.expires_at) } : null;
  }

  /**
   * Whether this kiosk's session could still be used, without pushing its deadline back (a
   * look, not a use). Once false it stays false: an ended or expired session never comes back.
   */
  async isLive(kioskId: string, sessionId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM banking_card_sessions WHERE session_id = $1 AND kiosk_id = $2 AND ended_at IS NULL AND expires_at > $3::timestamptz', [
      sessionId,
      kioskId,
      new Date(this.now()).toISOString(),
    ]);
    return rows.length > 0;
  }

  async end(kioskId: string, sessionId: string): Promise<boolean> {
    const { rows } = await this.db.query('UPDATE banking_card_sessions SET ended_at = $3 WHERE session_id = $1 AND kiosk_id = $2 AND ended_at IS NULL RETURNING session_id', [
      sessionId,
      kioskId,
      new Date(this.now()).toISOString(),
    ]);
    return rows.length > 0;
  }

  /** Deletes sessions that ended or expired before `olderThanMs` ago. */
  async prune(olderThanMs = 24 * 60 * 60_000): Promise<number> {
    const cutoff = new Date(this.now() - olderThanMs).toISOString();
    const { rows } = await this.db.query('DELETE FROM banking_card_sessions WHERE expires_at < $1 RETURNING session_id', [cutoff]);
    return rows.length;
  }
}
