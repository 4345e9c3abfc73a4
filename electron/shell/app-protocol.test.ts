import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, createAppProtocolHandler, resolveAppPath } from './app-protocol.js';

const root = path.join(os.tmpdir(), 'renderer-root');

describe('resolveAppPath', () => {
  it.each([
    ['app://kiosk/index.html', 'index.html'],
    ['app://kiosk/', 'index.html'],
    ['app://kiosk/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://kiosk/assets/app.css?v=3#x', 'assets/app.css'],
    ['app://kiosk/fonts/Noto%20Sans%20CJK.woff2', 'fonts/Noto Sans CJK.woff2'],
  ])('%s → <root>/%s', (url, rel) => {
    expect(resolveAppPath(url, root)).toEqual({ ok: true, filePath: path.join(root, rel) });
  });

  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/assets/../../secret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E/%2e%2e/etc/passwd',
    'app://kiosk/.%2e/secret.txt',
    'app://kiosk/assets%2f..%2f..%2fsecret.txt',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/..\\secret.txt',
    'app://kiosk//etc/passwd',
    'app://kiosk/C:/Windows/win.ini',
    'app://kiosk/./index.html',
    'app://kiosk/assets/',
    'app://kiosk/index.html%00.png',
    'app://kiosk/%E0%A4%A',
    'app://kiosk.evil/index.html',
    'app://kiosk:80/index.html',
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://kiosk/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(url, root)).toEqual({ ok: false, status: 404 });
  });
});

describe('contentTypeFor', () => {
  it('names the types the page needs and treats the rest as opaque', () => {
    expect(contentTypeFor('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/r/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/r/f.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/r/x.exe')).toBe('application/octet-stream');
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  const headers = { 'Content-Security-Policy': "default-src 'self'", 'X-Content-Type-Options': 'nosniff' };

  beforeAll(() => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
    dir = path.join(base, 'renderer');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(path.join(dir, 'assets', 'a.js'), 'console.log(1)');
    // A file next to the renderer dir that traversal would reach.
    writeFileSync(path.join(base, 'secret.txt'), 'card data');
  });

  it('serves files with their type and the security headers', async () => {
    const handle = createAppProtocolHandler({ rootDir: dir, readFile: (p) => readFile(p), headers });
    const res = await handle({ url: 'app://kiosk/' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(path.join(dir, 'index.html'), 'utf8'));
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(headers['Content-Security-Policy']);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await handle({ url: 'app://kiosk/assets/a.js' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404, still with the security headers, for traversal and missing files', async () => {
    const reads: string[] = [];
    const handle = createAppProtocolHandler({ rootDir: dir, readFile: (p) => (reads.push(p), readFile(p)), headers });
    for (const url of ['app://kiosk/../secret.txt', 'app://kiosk/%2e%2e/secret.txt', 'app://kiosk/missing.js', 'app://kiosk/assets']) {
      const res = await handle({ url });
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('card data');
      expect(res.headers.get('content-security-policy')).toBe(headers['Content-Security-Policy']);
    }
    // Traversal is refused before the file system is touched.
    expect(reads.every((p) => p.startsWith(dir + path.sep))).toBe(true);
    expect(reads).toHaveLength(2);
  });

  it('answers 500 and reports other read errors', async () => {
    const errors: unknown[] = [];
    const handle = createAppProtocolHandler({
      rootDir: dir,
      readFile: () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })),
      headers,
      onError: (err) => errors.push(err),
    });
    const res = await handle({ url: 'app://kiosk/index.html' });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(errors).toHaveLength(1);
  });
});
