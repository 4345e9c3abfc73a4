// Staff sign-in: password (scrypt) and TOTP code, both required, then an opaque session
// token that expires absolutely (ttl) and when idle. Used by the HTTP guard and by the
// signaling socket, so both see the same sessions.
import type { HubSecretKey } from '../../auth/hub-secret-key.node.js';
import type { Clock } from '../clock.js';
import type { Database } from '../../storage/queryable.js';
import type { CreateStaffRequest, StaffLoginRequest } from '../../../protocol/staff-api.js';
import { burnVerification, DEFAULT_SCRYPT_COST, hashPassword, verifyPassword, type ScryptCost } from './passwords.node.js';
import { hashSessionToken, newSessionToken } from './session-tokens.node.js';
import * as accounts from './staff-accounts.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';
import { openTotpSecret, sealTotpSecret } from './totp-secret-box.node.js';

export type { StaffRecord } from './staff-accounts.js';

export interface StaffAuthOptions {
  db: Database;
  clock: Clock;
  sessionTtlSec: number;
  idleSec: number;
  /** Seals TOTP secrets at rest; the hub's key (hub/auth/hub-secret-key.node.ts). */
  secretKey: HubSecretKey;
  /** Tests lower it; production keeps the default. */
  scryptCost?: ScryptCost;
}

export interface StaffPrincipal {
  staff: accounts.StaffRecord;
  expiresAt: string;
}

export interface LoginResult extends StaffPrincipal {
  token: string;
}

export interface CreatedStaff {
  staff: accounts.StaffRecord;
  totpSecret: string;
  otpauthUri: string;
}

/** Refreshing last-use on every request would turn every read into a write. */
const TOUCH_EVERY_MS = 60_000;

export class StaffAuth {
  private readonly cost: ScryptCost;
  private readonly endedListeners = new Set<(tokenHash: string) => void>();

  constructor(private readonly options: StaffAuthOptions) {
    this.cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  }

  /** Null for any failure; the caller must not tell which factor was wrong. */
  async login(input: StaffLoginRequest): Promise<LoginResult | null> {
    const { db, clock } = this.options;
    const credentials = await accounts.credentialsOf(db, input.username);
    if (!credentials) {
      await burnVerification(input.password);
      return null;
    }
    if (!(await verifyPassword(input.password, credentials.passwordHash))) return null;
    const now = clock.now();
    const step = matchTotp(openTotpSecret(this.options.secretKey, credentials.staffId, credentials.totpSecret), input.totp, now);
    if (step === null || step <= credentials.totpLastStep) return null;
    if (!(await accounts.claimTotpStep(db, credentials.staffId, step))) return null;

    const token = newSessionToken();
    const expiresAtMs = now + this.options.sessionTtlSec * 1000;
    await accounts.insertSession(db, hashSessionToken(token), credentials.staffId, now, expiresAtMs);
    const { passwordHash: _p, totpSecret: _t, totpLastStep: _s, ...staff } = credentials;
    return { token, staff, expiresAt: new Date(expiresAtMs).toISOString() };
  }

  async authenticate(token: string): Promise<StaffPrincipal | null> {
    const { db, clock, idleSec } = this.options;
    const tokenHash = hashSessionToken(token);
    const now = clock.now();
    const session = await accounts.liveSession(db, tokenHash, now, idleSec * 1000);
    if (!session) return null;
    if (now - session.lastUsedAt >= TOUCH_EVERY_MS) await accounts.touchSession(db, tokenHash, now);
    return { staff: session.staff, expiresAt: session.expiresAt };
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashSessionToken(token);
    await accounts.revokeSession(this.options.db, tokenHash, this.options.clock.now());
    this.ended([tokenHash]);
  }

  /** Told (by token hash) of every session ended on this hub instance, so its open sockets close at once. */
  onSessionEnded(listener: (tokenHash: string) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** Null when the username is taken. The TOTP secret is returned once, for enrolment. */
  async createStaff(input: CreateStaffRequest): Promise<CreatedStaff | null> {
    const staff: accounts.StaffRecord = {
      staffId: globalThis.crypto.randomUUID(),
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      languages: input.languages,
      topics: input.topics,
    };
    return this.insert(staff, input.password, newTotpSecret());
  }

  /** As createStaff, with a given TOTP secret: the env seed, where the operator chose it. */
  async insert(staff: accounts.StaffRecord, password: string, totpSecret: string): Promise<CreatedStaff | null> {
    const sealed = sealTotpSecret(this.options.secretKey, staff.staffId, totpSecret);
    const created = await accounts.insertStaff(this.options.db, staff, await hashPassword(password, this.cost), sealed);
    return created ? { staff, totpSecret, otpauthUri: otpauthUri(totpSecret, staff.username) } : null;
  }

  listStaff(): Promise<accounts.StaffListing[]> {
    return accounts.listStaff(this.options.db);
  }

  async listing(staffId: string): Promise<accounts.StaffListing | null> {
    return (await accounts.listStaff(this.options.db, staffId))[0] ?? null;
  }

  /** Disabling ends the account's sessions at once (their sockets close); see accounts.setDisabled. */
  async setDisabled(staffId: string, disabled: boolean): Promise<'changed' | 'not-found' | 'last-admin'> {
    const outcome = await accounts.setDisabled(this.options.db, staffId, disabled);
    if (outcome === 'changed' && disabled) this.ended(await accounts.revokeSessionsOf(this.options.db, staffId, this.options.clock.now()));
    return outcome;
  }

  /**
   * A lost phone or a forgotten password: a new first password and authenticator secret
   * (returned once, as at creation); every session of the account ends. Null: no such account.
   */
  async resetSignIn(staffId: string, password: string): Promise<CreatedStaff | null> {
    const staff = await accounts.staffById(this.options.db, staffId, { includeDisabled: true });
    if (!staff) return null;
    const totpSecret = newTotpSecret();
    const sealed = sealTotpSecret(this.options.secretKey, staffId, totpSecret);
    if (!(await accounts.replaceSignIn(this.options.db, staffId, await hashPassword(password, this.cost), sealed))) return null;
    this.ended(await accounts.revokeSessionsOf(this.options.db, staffId, this.options.clock.now()));
    return { staff, totpSecret, otpauthUri: otpauthUri(totpSecret, staff.username) };
  }

  private ended(tokenHashes: readonly string[]): void {
    for (const tokenHash of tokenHashes) for (const listener of this.endedListeners) listener(tokenHash);
  }

  countAdmins(): Promise<number> {
    return accounts.countAdmins(this.options.db);
  }

  staffById(staffId: string): Promise<accounts.StaffRecord | null> {
    return accounts.staffById(this.options.db, staffId);
  }
}
