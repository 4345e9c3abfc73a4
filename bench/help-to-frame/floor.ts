// The floor of help-to-frame: a raw RTCPeerConnection call between two pages of the same
// Chromium (floor.html), timed on the callee from "call" to its first presented remote
// frame, with the same fake camera and constraints as the real call.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILES: Record<string, [string, string]> = {
  '/floor.html': ['floor.html', 'text/html; charset=utf-8'],
  '/floor.js': ['floor.js', 'text/javascript; charset=utf-8'],
};

async function serveFloor(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const file = FILES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(path.join(HERE, file[0])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/floor.html`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Milliseconds from "call" to the callee's first remote frame, one per call. */
export async function measureFloor(browser: Browser, calls: number, warmup: number): Promise<number[]> {
  const server = await serveFloor();
  const context = await browser.newContext();
  try {
    const caller = await context.newPage();
    const callee = await context.newPage();
    await caller.goto(`${server.url}?role=caller`);
    await callee.goto(`${server.url}?role=callee`);
    // A touch first, as on the kiosk (Help is one): it lets the video play with its sound.
    await callee.mouse.click(5, 5);
    const samples: number[] = [];
    for (let i = 0; i < warmup + calls; i++) {
      await callee.evaluate('window.startCall()');
      await callee.waitForFunction('window.floor.firstFrameAt !== null', undefined, { timeout: 20_000, polling: 50 });
      const ms = (await callee.evaluate('window.floor.firstFrameAt - window.floor.t0')) as number;
      if (i >= warmup) samples.push(ms);
      await callee.evaluate('window.endCall()');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return samples;
  } finally {
    await context.close();
    await server.close();
  }
}
