// The host's update ports: the downloader against a real local HTTP server (exact bytes, the
// sha512 as latest.yml writes it, a server sending more or less than the signed size refused
// with nothing left behind), and the feed and report over a fake signed link.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubReply, Send } from '../../hub-send.node.js';
import { sha512Base64 } from './release-verifier.node.js';
import { fakeSha512, offerOf, testHubKey } from './testing.js';
import { fileDownloader, hubFeed, hubReport, pinnedReleaseSignature } from './update-ports.node.js';

const artifact = Buffer.from('branch kiosk host 1.1.0 '.repeat(5000));
let server: Server;
let base: string;
let dir: string;
const hub = testHubKey();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bk-downloads-'));
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(req.url === '/padded' ? Buffer.concat([artifact, Buffer.from('extra')]) : artifact);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const release = (url: string, size = artifact.length) => hub.sign({ version: '1.1.0', channel: 'stable', url, sha512: createHash('sha512').update(artifact).digest('base64'), size });

describe('downloader', () => {
  it('downloads the exact bytes, whose sha512 is the one the release names', async () => {
    const signed = release(`${base}/host.tar.gz`);
    const file = await fileDownloader({ dir }).download(signed);
    expect(await sha512Base64(file)).toBe(signed.sha512);
    await fileDownloader({ dir }).discard(file);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses more bytes than the signed size, and fewer, leaving no partial file', async () => {
    await expect(fileDownloader({ dir }).download(release(`${base}/padded`))).rejects.toThrow(/larger/);
    await expect(fileDownloader({ dir }).download(release(`${base}/host.tar.gz`, artifact.length + 10))).rejects.toThrow(/bytes/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('feed, report and signature over the signed link', () => {
  const reply = (status: number, body?: unknown): HubReply => ({ status, json: async () => body });

  it('reads the offer, sends reports, and throws when the hub did not take a report', async () => {
    const offer = offerOf(hub.sign({ version: '1.1.0', channel: 'stable', url: 'https://hub.example/a.tar.gz', sha512: fakeSha512('x'), size: 3 }));
    const calls: string[] = [];
    let reportStatus = 204;
    const send: Send = async (method, url) => {
      calls.push(`${method} ${url}`);
      return method === 'GET' ? reply(200, { offer }) : reply(reportStatus);
    };
    expect(await hubFeed(send, 'K 1').offer()).toEqual(offer);
    const report = hubReport(send, 'K 1');
    await report({ currentVersion: '1.0.0', previousVersion: null, targetVersion: '1.1.0', state: 'staged', at: '2026-12-04T19:00:00.000Z' });
    reportStatus = 503;
    await expect(report({ currentVersion: '1.0.0', previousVersion: null, targetVersion: '1.1.0', state: 'staged', at: '2026-12-04T19:00:00.000Z' })).rejects.toThrow(/503/);
    expect(calls.slice(0, 2)).toEqual(['GET /v1/kiosks/K%201/updates/feed', 'POST /v1/kiosks/K%201/updates/report']);
  });

  it('checks the release signature with the pinned hub key, and refuses one signed under another key id', async () => {
    const signed = release('https://hub.example/a.tar.gz');
    const pinned = pinnedReleaseSignature({ keyFor: async (keyId) => (keyId === hub.key.keyId ? hub.key : null) });
    expect(await pinned.valid(signed)).toBe(true);
    expect(await pinned.valid(testHubKey().sign({ ...signed }))).toBe(false);
  });
});
