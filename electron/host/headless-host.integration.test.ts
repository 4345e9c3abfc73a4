// The headless host serves its page before its services start (cold start, issue 15): the
// page carries kiosk.info with the stored remote configuration already applied, and bridge
// requests made meanwhile are answered by the started host.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from './config.js';
import { persistRemoteConfig } from './fleet/commands/remote-config.node.js';
import { startHeadlessHost, type HeadlessHost } from './headless-host.node.js';
import { createLogger } from './log.node.js';
import type { PageServer } from './page-server.node.js';

const dirs: string[] = [];
let running: HeadlessHost | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('serves the page with kiosk.info (remote config applied) before the host has started, and answers the bridge once it has', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-headless-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'bk-headless-page-'));
  dirs.push(dataDir, rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>kiosk</title></head><body></body></html>');
  await persistRemoteConfig(dataDir, { ui: { idleTimeoutMs: 123_000 } });
  const config = loadConfig({ env: {}, file: null, overrides: { dataDir, hubUrl: null, devices: [] } });
  const log = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });

  let served: { html: string; hostStarted: boolean; answer: Promise<unknown> } | null = null;
  let hostStarted = false;
  const onPageServed = (page: PageServer) => {
    const token = new URL(page.url).searchParams.get('token') ?? '';
    served = {
      hostStarted,
      html: '',
      // A bridge request sent before the services are up: it waits for them.
      answer: new Promise((resolve, reject) => {
        const ws = new WebSocket(`${page.origin.replace('http', 'ws')}/bridge?token=${token}`, { headers: { origin: page.origin } });
        ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'sync.status', params: {} })));
        ws.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as { id?: number };
          if (frame.id === 1) {
            resolve(frame);
            ws.close();
          }
        });
        ws.once('error', reject);
      }),
    };
    void fetch(page.url).then(async (res) => served && (served.html = await res.text()));
  };
  running = await startHeadlessHost({ config, log, rendererDir, onPageServed });
  hostStarted = true;
  expect(served).not.toBeNull();
  const seen = served as unknown as { html: string; hostStarted: boolean; answer: Promise<unknown> };
  expect(seen.hostStarted).toBe(false);
  await expect(seen.answer).resolves.toMatchObject({ id: 1, ok: true });
  await expect.poll(() => seen.html).toContain('"idleTimeoutMs":123000');
});
