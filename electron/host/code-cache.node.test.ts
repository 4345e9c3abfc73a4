// The headless host runs from a V8 code cache: made by the first start, used by the next,
// never used for another build of the bundle.
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheFileOf, runWithCodeCache } from './code-cache.node.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A CommonJS "bundle" that reports what it was run with through a global. */
function bundle(marker: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  dirs.push(dir);
  const file = path.join(dir, 'app.cjs');
  writeFileSync(file, `globalThis.__codeCacheRun = { marker: '${marker}', filename: __filename, dirname: __dirname, path: typeof require('node:path').join };\n`);
  return file;
}

const run = () => (globalThis as { __codeCacheRun?: unknown }).__codeCacheRun;
const saved = (file: string) => new Promise<void>((resolve) => setTimeout(() => resolve(expect(existsSync(cacheFileOf(file))).toBe(true)), 50));

describe('runWithCodeCache', () => {
  it('runs the bundle as a CommonJS module beside its own files', () => {
    const file = bundle('a');
    runWithCodeCache(file, { writeAfterMs: 0 });
    expect(run()).toEqual({ marker: 'a', filename: file, dirname: path.dirname(file), path: 'function' });
  });

  it('writes a cache after the first run and uses it at the next', async () => {
    const file = bundle('b');
    expect(runWithCodeCache(file, { writeAfterMs: 0 })).toBe('none');
    await saved(file);
    expect(runWithCodeCache(file, { writeAfterMs: 0 })).toBe('used');
    expect(run()).toMatchObject({ marker: 'b' });
  });

  it('does not use the cache of another build of the same length', async () => {
    const file = bundle('c');
    runWithCodeCache(file, { writeAfterMs: 0 });
    await saved(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace("'c'", "'d'"));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(runWithCodeCache(file, { writeAfterMs: 0 })).toBe('stale');
    expect(run()).toMatchObject({ marker: 'd' });
  });
});
