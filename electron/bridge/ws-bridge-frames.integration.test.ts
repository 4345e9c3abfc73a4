// Frames the `ws` library refuses before our code sees them (invalid UTF-8 in a text frame,
// more than the size limit) must close that one connection, never the host process: the
// bridge runs in the host, and under `npm start` the hub shares that process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { MAX_FRAME_BYTES } from './ws-server.node.js';

const fixture = fileURLToPath(new URL('./ws-bridge.fixture.node.ts', import.meta.url));
const listeningSchema = z.object({ port: z.number(), origin: z.string(), token: z.string() });

let child: ChildProcess;
let target: z.infer<typeof listeningSchema>;
const exited: { code: number | null; signal: string | null }[] = [];
const stderr: string[] = [];

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('exit', (code, signal) => exited.push({ code, signal }));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  target = listeningSchema.parse(JSON.parse(line));
});
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/bridge?token=${target.token}`, { headers: { origin: target.origin } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends raw bytes as one frame and resolves with the close code the host answered. */
async function closeCodeAfter(bytes: Buffer): Promise<number> {
  const ws = await open();
  ws.on('error', () => undefined); // the client may see the reset too
  const closed = once(ws, 'close') as Promise<[number, Buffer]>;
  // `ws` does not check what it sends: this is a text frame that is not UTF-8.
  ws.send(bytes, { binary: false });
  const [code] = await closed;
  return code;
}

async function answerOfNewClient(): Promise<unknown> {
  const ws = await open();
  const answer = once(ws, 'message') as Promise<[Buffer]>;
  ws.send(JSON.stringify({ id: 1, method: 'queue.services', params: {} }));
  const [data] = await answer;
  ws.close();
  return JSON.parse(data.toString());
}

it('closes a connection that sends invalid UTF-8 (1007) and keeps serving others', async () => {
  expect(await closeCodeAfter(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toBe(1007);
  expect(await answerOfNewClient()).toEqual({ id: 1, ok: true, result: [] });
  expect(exited).toEqual([]);
});

it('closes a connection that sends a frame over the size limit (1009) and keeps serving others', async () => {
  expect(await closeCodeAfter(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x61))).toBe(1009);
  expect(await answerOfNewClient()).toEqual({ id: 1, ok: true, result: [] });
  expect(exited).toEqual([]);
  expect(stderr.some((line) => line.includes('bad frame'))).toBe(true);
});
