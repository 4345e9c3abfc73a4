// Serves the face harness on 127.0.0.1: the bundled page, Human's models and the tfjs WASM
// binaries from node_modules (nothing from a CDN), and the face fixtures.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
export const FACE_FIXTURES = path.join(ROOT, 'test/fixtures/faces');

const FOLDERS: Record<string, string> = {
  '/models/': path.join(ROOT, 'node_modules/@vladmandic/human/models'),
  '/wasm/': path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'),
  '/fixtures/': FACE_FIXTURES,
  // tfjs's WASM loader looks for its binary next to the script that bundled it, whatever
  // wasmPath says (its ESM build resolves it from import.meta.url), so the page's folder too.
  '/': path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'),
};

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

const HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>face harness</title></head><body><script src="/harness.js"></script></body></html>';

export interface FacePage {
  url: string;
  close(): Promise<void>;
}

export async function serveFacePage(): Promise<FacePage> {
  const bundle = await build({
    entryPoints: [path.join(HERE, 'harness.dom.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
    if (pathname === '/harness.js') return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    const prefix = Object.keys(FOLDERS).find((p) => pathname.startsWith(p));
    const name = prefix ? pathname.slice(prefix.length) : '';
    // One plain file name per folder: no sub-paths, so nothing outside the folders is reachable.
    if (!prefix || !/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(path.join(FOLDERS[prefix]!, name));
      res.writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
