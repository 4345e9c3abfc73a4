import { mkdtempSync, readFileSync, statSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CredentialsProtection } from '../kiosk-credentials.node.js';
import { fileModeOnly } from '../kiosk-credentials.node.js';
import { verifyPin } from './pin-hash.node.js';
import { isWeakPin, loadTechnicianCredentials, setTechnicianCredentials, technicianFile } from './technician-credentials.node.js';

const cost = { N: 1024, r: 8, p: 1 };
const file = () => technicianFile(mkdtempSync(path.join(os.tmpdir(), 'bk-tech-')), null);

/** Stands in for safeStorage: reversible, but the file no longer holds the secret in clear. */
const rot: CredentialsProtection = { kind: 'test-rot', seal: async (s) => Buffer.from(s).toString('base64'), open: async (s) => Buffer.from(s, 'base64').toString() };

describe('technician credentials', () => {
  it('stores the PIN only as an scrypt hash, in a 0600 file, and returns the TOTP secret once', async () => {
    const f = file();
    const set = await setTechnicianCredentials({ file: f, technicianId: 'T-01', pin: '480261', cost });
    expect(set.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(set.totpUri).toContain(`secret=${set.totpSecret}`);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('480261');
    const loaded = await loadTechnicianCredentials(f);
    expect(loaded).toMatchObject({ technicianId: 'T-01', totpSecret: set.totpSecret });
    expect(await verifyPin('480261', loaded?.pinHash ?? '')).toBe(true);
    expect(await verifyPin('480262', loaded?.pinHash ?? '')).toBe(false);
  });

  it('refuses short, non-digit and easily guessed PINs', async () => {
    for (const pin of ['12345', '12a456', '1234567890123']) await expect(setTechnicianCredentials({ file: file(), technicianId: 'T', pin, cost })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    for (const pin of ['000000', '123456', '987654', '4567890']) expect(isWeakPin(pin), pin).toBe(true);
    expect(isWeakPin('480261')).toBe(false);
    await expect(setTechnicianCredentials({ file: file(), technicianId: 'T', pin: '111111', cost })).rejects.toMatchObject({ code: 'WEAK_PIN' });
  });

  it('answers null when none were set, and refuses a file others can read', async () => {
    const f = file();
    expect(await loadTechnicianCredentials(f)).toBeNull();
    await setTechnicianCredentials({ file: f, technicianId: 'T', pin: '480261', cost });
    chmodSync(f, 0o644);
    await expect(loadTechnicianCredentials(f)).rejects.toMatchObject({ code: 'FILE_MODE' });
  });

  it('seals the TOTP secret with the host’s protection and still opens a file kioskctl wrote', async () => {
    const sealed = file();
    const { totpSecret } = await setTechnicianCredentials({ file: sealed, technicianId: 'T', pin: '480261', cost, protection: rot });
    expect(readFileSync(sealed, 'utf8')).not.toContain(totpSecret);
    await expect(loadTechnicianCredentials(sealed)).rejects.toMatchObject({ code: 'PROTECTION_MISMATCH' });
    expect((await loadTechnicianCredentials(sealed, [rot, fileModeOnly]))?.totpSecret).toBe(totpSecret);
    const plain = file();
    await setTechnicianCredentials({ file: plain, technicianId: 'T', pin: '480261', cost });
    expect(await loadTechnicianCredentials(plain, [rot, fileModeOnly])).not.toBeNull();
  });
});
