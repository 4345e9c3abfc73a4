// Runs a CommonJS bundle from a V8 code cache kept beside it (cold start, issue 15). Node 20
// has no module.enableCompileCache (22+), so the bundle is compiled with vm.Script and the
// cache V8 produced once the host was up is handed back at the next start: V8 then skips
// parsing and compiling the whole bundle, and the functions start-up ran, again.
//
// The first start of a build has no cache and writes it once the host has been up a while
// (or when it exits, if sooner); a cache V8 refuses (another Node version or flags) is written again. The cache names the
// bundle's size, mtime and inode, since V8 itself checks only the source's length: a rebuilt
// bundle of the same length must not run on the old bytecode. A read-only install runs
// without a cache, as before.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

export type CacheUse = 'used' | 'rejected' | 'stale' | 'none';

type CommonJsWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

export function cacheFileOf(bundle: string): string {
  return `${bundle}.v8-cache`;
}

/** What the cache must have been made from: this very file. */
function bundleKey(bundle: string): string {
  const st = statSync(bundle);
  return `bk-v8-cache ${process.version} ${st.size} ${st.mtimeMs} ${st.ino}\n`;
}

function readCache(file: string, key: string): { data: Buffer | undefined; use: CacheUse } {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return { data: undefined, use: 'none' };
  }
  const head = raw.subarray(0, key.length).toString('latin1');
  return head === key ? { data: raw.subarray(key.length), use: 'used' } : { data: undefined, use: 'stale' };
}

/**
 * Runs `bundle` as the main CommonJS module would run (its own require, __filename and
 * __dirname) and returns whether a cache was used. `writeAfterMs`: when to save the cache if
 * there was none to use.
 */
export function runWithCodeCache(bundle: string, opts: { writeAfterMs?: number } = {}): CacheUse {
  const file = cacheFileOf(bundle);
  const key = bundleKey(bundle);
  const cached = readCache(file, key);
  const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, ...(cached.data ? { cachedData: cached.data } : {}) });
  const use: CacheUse = cached.use === 'used' && script.cachedDataRejected === true ? 'rejected' : cached.use;
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  if (use !== 'used') {
    // Made once start-up has run, so the cache holds the functions it compiled too: after a
    // while up, or at exit if that comes first (a host stopped soon after its first start).
    let written = false;
    const save = () => {
      if (written) return;
      written = true;
      writeCache(script, file, key);
    };
    setTimeout(save, opts.writeAfterMs ?? 10_000).unref();
    process.once('exit', save);
  }
  return use;
}

function writeCache(script: Script, file: string, key: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    // Written whole, then renamed: a crash mid-write leaves no half cache behind.
    writeFileSync(temp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]), { mode: 0o644 });
    renameSync(temp, file);
  } catch {
    // A read-only install (or a full disk): the host runs without a cache, as it did before.
  }
}
