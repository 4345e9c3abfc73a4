// The browser-mode page server answers only requests that name it in `Host`: a page served
// under another name (DNS rebinding: evil.example resolving to 127.0.0.1) reads nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../bridge/event-bus.js';
import { servePage, type PageServer } from './page-server.node.js';
import type { RunningHost } from './running-host.js';

// A branch name that tries to end the data block early.
const INFO = { kioskId: 'K01', branchName: { 'zh-CN': '中山路支行</script><script>alert(1)</script>', en: 'Zhongshan Rd' }, defaultLocale: 'zh-CN', idleTimeoutMs: 60_000, idleWarningMs: 15_000, version: '1.2.3', serviceMode: false };
let dir: string;
let page: PageServer;
const logs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'page-server-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html><head><title>kiosk</title></head><body><div id="root"></div></body></html>');
  const host = {
    config: { hubUrl: null },
    dispatch: async (method: string) => ({ ok: true, result: method === 'kiosk.info' ? INFO : [] }),
    events: new EventBus(),
  } as unknown as RunningHost;
  page = await servePage({ host, rendererDir: dir, log: pino({ level: 'info' }, { write: (line: string) => void logs.push(line) }) });
});
afterAll(async () => {
  await page?.close();
  await rm(dir, { recursive: true, force: true });
});

/** GET with an explicit Host header (fetch would not let us set one). */
function get(pathname: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: page.port, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('page server Host check', () => {
  it('serves the page to 127.0.0.1:<port> and localhost:<port>', async () => {
    for (const host of [`127.0.0.1:${page.port}`, `localhost:${page.port}`, `LOCALHOST:${page.port}`]) {
      const res = await get('/', host);
      expect(res.status).toBe(200);
      expect(res.body).toContain('<title>kiosk</title>');
    }
  });

  it('refuses any other Host with 421 and no content (DNS rebinding)', async () => {
    for (const host of [`evil.example:${page.port}`, 'evil.example', `127.0.0.1:${page.port + 1}`, `127.0.0.1`]) {
      const res = await get('/index.html', host);
      expect(res.status).toBe(421);
      expect(res.body).not.toContain('kiosk');
    }
    expect(logs.some((line) => line.includes('foreign Host refused'))).toBe(true);
  });

  it('refuses a bridge upgrade under a foreign Host even with the right token and origin', async () => {
    const token = new URL(page.url).searchParams.get('token') ?? '';
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${page.port}/bridge?token=${token}`, { headers: { origin: page.origin, host: `evil.example:${page.port}` } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => resolve(0));
    });
    expect(status).toBe(421);
  });
});

describe('kiosk page with kiosk.info inlined (cold start)', () => {
  it('carries kiosk.info as a JSON data block in <head>, escaped so no value can end it', async () => {
    const res = await get('/', `127.0.0.1:${page.port}`);
    expect(res.status).toBe(200);
    const block = /<script id="kiosk-info" type="application\/json">([^<]*)<\/script><\/head>/.exec(res.body);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(INFO);
    expect(res.body.match(/<script/g)).toHaveLength(1);
    // Other files are served as they are.
    expect((await get('/index.html', `127.0.0.1:${page.port}`)).body).toContain('kiosk-info');
  });
});
