// kioskctl decode as a process: real stdin and files, the exit status, one JSON line.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSwipeText } from '../drivers/card/codec/tracks.js';

const ENTRY = path.join(import.meta.dirname, 'decode-main.node.ts');

function run(args: string[], stdin: string | Uint8Array = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: path.dirname(import.meta.dirname), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kioskctl-decode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kioskctl decode (process)', () => {
  it('reads a corrupt MRZ from stdin: one JSON line naming each failing field, exit 1', async () => {
    const corrupt = 'I<ZZZD231458907<<<<<<<<<<<<<<<\n7408122X1204159QQQ<<<<<<<<<<<6\nERIKSSON<<ANN4<MARIA<<<<<<<<<<\n';
    const r = await run(['mrz', '-', '--json', '--now', '2026-01-15'], corrupt);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { code: string }; errors: { code: string; field: string }[] };
    expect(out.ok).toBe(false);
    expect(out.errors.map((e) => `${e.code}:${e.field}`)).toEqual(['ISSUING_STATE:issuingState', 'NATIONALITY:nationality', 'SEX:sex', 'NAME:givenNames']);
    expect(out.error.code).toBe('ISSUING_STATE');
  });

  it('reads a swipe from a file: masked PAN only, exit 0', async () => {
    const file = path.join(dir, 'swipe.bin');
    await writeFile(file, encodeSwipeText({ pan: '6225880137706884', name: 'DOE/JOHN', expiry: { year: 2030, month: 12 }, serviceCode: '201', discretionary: '123456' }, { lrc: true }));
    const r = await run(['track', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, maskedPan: '622588******6884', name: 'JOHN DOE' });
    expect(r.stdout + r.stderr).not.toMatch(/6225880137706884|123456/);
    const text = await run(['track', file]);
    expect(text.stdout).toContain('  name         JOHN DOE\n');
  });

  it('exits 2 on a usage error, with the usage on stderr', async () => {
    const r = await run(['barcode', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { code: 'USAGE', field: 'kind', message: 'the kind must be one of mrz, track, cnid, aamva, escpos' } });
    expect(r.stderr).toContain('usage: kioskctl decode');
  });
});
