// The technician's credentials on the kiosk: a PIN (scrypt hash) and a TOTP secret, in one
// file under the data dir, 0600 from creation. Set at install/enroll time with
// `setTechnicianCredentials` (kioskctl calls it); read only by the host. Neither the hash nor
// the secret ever crosses the bridge. The secret is sealed with the same protection as the
// kiosk's hub credentials (Electron safeStorage where the OS allows, else file mode only).
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fileModeOnly, type CredentialsProtection } from '../kiosk-credentials.node.js';
import { DEFAULT_PIN_COST, hashPin, type ScryptCost } from './pin-hash.node.js';
import { newTotpSecret, totpUri } from './totp.js';

export const TECHNICIAN_FILE = 'technician.json';

export const technicianIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . and - only');
export const technicianPinSchema = z.string().regex(/^[0-9]{6,12}$/, '6 to 12 digits');
const base32Schema = z.string().regex(/^[A-Z2-7]{16,128}=*$/, 'a base32 TOTP secret');

export type TechnicianCredentialsErrorCode = 'BAD_INPUT' | 'WEAK_PIN' | 'FILE_MODE' | 'CORRUPT' | 'PROTECTION_MISMATCH';

export class TechnicianCredentialsError extends Error {
  constructor(
    readonly code: TechnicianCredentialsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TechnicianCredentialsError';
  }
}

export interface TechnicianCredentials {
  technicianId: string;
  pinHash: string;
  totpSecret: string;
  setAt: string;
}

const fileSchema = z
  .object({
    format: z.literal(1),
    technicianId: technicianIdSchema,
    pinHash: z.string().startsWith('scrypt$'),
    protection: z.string(),
    sealedTotpSecret: z.string(),
    setAt: z.string(),
  })
  .strict();

/** Where the host looks: the configured file, else `technician.json` in the data dir. */
export function technicianFile(dataDir: string, configured: string | null | undefined): string {
  return configured ?? path.join(dataDir, TECHNICIAN_FILE);
}

/** PINs every guesser tries first: one digit repeated, or a run up or down (123456, 987654, 7890123). */
export function isWeakPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  // Steps modulo 10, so a run that wraps past 9 (…8901…) counts as a run.
  const steps = new Set(digits.slice(1).map((d, i) => (d - (digits[i] ?? 0) + 10) % 10));
  return steps.size === 1 && [0, 1, 9].includes([...steps][0] ?? -1);
}

export interface SetTechnicianCredentialsOptions {
  /** Full path of the credentials file (see `technicianFile`). */
  file: string;
  technicianId: string;
  pin: string;
  /** Base32; a fresh 160-bit secret when omitted. */
  totpSecret?: string;
  protection?: CredentialsProtection;
  cost?: ScryptCost;
  /** Give the file to this owner (kioskctl run as root sets them for the kiosk user). */
  owner?: { uid: number; gid: number };
}

/**
 * Sets (or replaces) the technician PIN and TOTP secret. Returns the secret and its
 * `otpauth://` URI once, for the technician's authenticator app; they are not shown again.
 */
export async function setTechnicianCredentials(opts: SetTechnicianCredentialsOptions): Promise<{ technicianId: string; totpSecret: string; totpUri: string }> {
  const id = technicianIdSchema.safeParse(opts.technicianId);
  if (!id.success) throw new TechnicianCredentialsError('BAD_INPUT', `technician id: ${id.error.issues[0]?.message ?? 'invalid'}`);
  if (!technicianPinSchema.safeParse(opts.pin).success) throw new TechnicianCredentialsError('BAD_INPUT', 'the PIN must be 6 to 12 digits');
  if (isWeakPin(opts.pin)) throw new TechnicianCredentialsError('WEAK_PIN', 'the PIN is too easy to guess (repeated or consecutive digits)');
  const secret = opts.totpSecret ?? newTotpSecret();
  if (!base32Schema.safeParse(secret).success) throw new TechnicianCredentialsError('BAD_INPUT', 'the TOTP secret must be base32 (A–Z, 2–7), at least 16 characters');
  const protection = opts.protection ?? fileModeOnly;
  const body = JSON.stringify({
    format: 1,
    technicianId: id.data,
    pinHash: await hashPin(opts.pin, opts.cost ?? DEFAULT_PIN_COST),
    protection: protection.kind,
    sealedTotpSecret: await protection.seal(secret),
    setAt: new Date().toISOString(),
  } satisfies z.infer<typeof fileSchema>);
  // Created 0600 (never briefly wider), synced, renamed over the old file: a crash keeps the
  // old credentials or the new, never half of either.
  const temp = `${opts.file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(body, 'utf8');
    if (opts.owner) await handle.chown(opts.owner.uid, opts.owner.gid);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, opts.file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { technicianId: id.data, totpSecret: secret, totpUri: totpUri(secret, id.data) };
}

/**
 * Null when no technician credentials were set on this kiosk (service mode then refuses).
 * `openers`: the sealings this process can open — kioskctl (plain Node) writes `file-0600`,
 * which the Electron host must still read.
 */
export async function loadTechnicianCredentials(file: string, openers: readonly CredentialsProtection[] = [fileModeOnly]): Promise<TechnicianCredentials | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const { mode } = await stat(file);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new TechnicianCredentialsError('FILE_MODE', `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); set the technician credentials again`);
  }
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(text));
  } catch {
    throw new TechnicianCredentialsError('CORRUPT', `${file} is not a technician credentials file`);
  }
  const opener = openers.find((p) => p.kind === parsed.protection);
  if (!opener) throw new TechnicianCredentialsError('PROTECTION_MISMATCH', `${file} was sealed with ${parsed.protection}, this kiosk opens ${openers.map((p) => p.kind).join(' or ')}`);
  const totpSecret = await opener.open(parsed.sealedTotpSecret);
  if (!base32Schema.safeParse(totpSecret).success) throw new TechnicianCredentialsError('CORRUPT', `${file} holds no valid TOTP secret`);
  return { technicianId: parsed.technicianId, pinHash: parsed.pinHash, totpSecret, setAt: parsed.setAt };
}
