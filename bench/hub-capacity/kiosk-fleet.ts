// Simulated kiosks for the hub-capacity benchmark, each doing what a kiosk host does when
// nobody is asking for help: registers once, keeps its signaling socket open (the hub pings
// it every 15 s: the heartbeat), pulls changes every 5 s and pushes a batch of transactions
// every minute, every request signed with its own Ed25519 key. Phases are random, so the load
// is even, as from a real fleet. Kiosks are spread round-robin over the hub instances, as a
// load balancer would.
//
// The fleet is one process on one core standing in for thousands of kiosks, so what it spends
// per request limits what the benchmark can show: each kiosk's key is imported once (not
// parsed from PEM per signature), and requests go through node:http on a keep-alive agent
// (fetch cost about three times the CPU). A latency is still from before the request is
// signed to the last byte of the answer.
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';
import { assistSocketUrl } from '../../electron/host/assist/hub-socket.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { HUB_API_PATHS, changesPath } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { ASSIST_PROTOCOL } from '../../protocol/assist-values.js';

export const PULL_EVERY_MS = 5_000;
export const BATCH_EVERY_MS = 60_000;
export const BATCH_ITEMS = 3;

/** Branches of 4 kiosks, as in a bank; the hub fixes a kiosk's branch at enrollment. */
export const branchOf = (kioskId: string): string => `BR-${Math.floor(Number(/\d+$/.exec(kioskId)?.[0] ?? 0) / 4)}`;

/** One measuring window: latencies of the requests that started in it, and what went wrong. */
export interface FleetWindow {
  latencies: number[];
  /** The same latencies by request class ('GET changes', 'POST transactions', …), to see which one sets the p99. */
  byClass: Record<string, number[]>;
  requests: number;
  failures: number;
  /** Signaling sockets the hub closed or dropped during the window. */
  socketsLost: number;
  firstFailure: string | null;
}

interface Kiosk {
  credentials: KioskCredentials;
  privateKey: KeyObject;
  baseUrl: string;
  cursor: string | null;
  seq: number;
  socket: WebSocket | null;
  timers: ReturnType<typeof setTimeout>[];
}

/** What another benchmark (fleet) changes: whether kiosks sync, and a look at each socket. */
export interface KioskFleetOptions {
  /** Pull every 5 s and push a batch every minute (default true); false: the socket only. */
  sync?: boolean;
  /** Called with each kiosk's signaling socket once it is open. */
  onSocket?: (kioskId: string, socket: WebSocket) => void;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** One HTTP exchange: the status and the whole body as text; rejects on a network error or timeout. */
function exchange(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body === '' ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body === '' ? undefined : body);
  });
}

/** 'GET changes', 'POST transactions', 'POST register': the route's last word, without ids or query. */
const requestClass = (method: string, path: string): string => `${method} ${path.split('?')[0]!.split('/').at(-1)}`;

export class KioskFleet {
  private readonly kiosks: Kiosk[] = [];
  private window: FleetWindow | null = null;
  private closing = false;
  // Like fetch's pool: connections kept open and reused, as many as requests in flight.
  private readonly agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });

  /** `enroll` returns credentials for new kiosk ids (the hub enrolls them; the bare baseline fakes it). */
  constructor(
    private readonly baseUrls: readonly string[],
    private readonly enroll: (ids: string[]) => Promise<KioskCredentials[]>,
    private readonly options: KioskFleetOptions = {},
  ) {}

  get size(): number {
    return this.kiosks.length;
  }

  async grow(total: number, batch = 250): Promise<void> {
    while (this.kiosks.length < total) {
      const ids = Array.from({ length: Math.min(batch, total - this.kiosks.length) }, (_, i) => `CAP-${String(this.kiosks.length + i).padStart(6, '0')}`);
      const credentials = await this.enroll(ids);
      const added = credentials.map((c, i) => ({ credentials: c, privateKey: createPrivateKey(c.privateKeyPem), baseUrl: this.baseUrls[(this.kiosks.length + i) % this.baseUrls.length]!, cursor: null, seq: 0, socket: null, timers: [] }));
      this.kiosks.push(...added);
      await Promise.all(added.map((k) => this.start(k)));
    }
  }

  async measure(ms: number, graceMs = 2000): Promise<FleetWindow> {
    const window: FleetWindow = { latencies: [], byClass: {}, requests: 0, failures: 0, socketsLost: 0, firstFailure: null };
    this.window = window;
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.window = null;
    // Requests that started in the window and are still running count when they finish.
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    window.latencies.sort((a, b) => a - b);
    for (const latencies of Object.values(window.byClass)) latencies.sort((a, b) => a - b);
    return window;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const k of this.kiosks) {
      k.timers.forEach(clearTimeout);
      k.socket?.terminate();
    }
    this.agent.destroy();
  }

  private async start(k: Kiosk): Promise<void> {
    const reply = await this.request(k, 'POST', HUB_API_PATHS.registerKiosk, { kioskId: k.credentials.kioskId, branchId: branchOf(k.credentials.kioskId), version: 'bench' });
    if (reply !== null && reply.status >= 300) throw new Error(`register ${k.credentials.kioskId}: HTTP ${reply.status}`);
    k.socket = await this.openSocket(k);
    this.options.onSocket?.(k.credentials.kioskId, k.socket);
    if (this.options.sync === false) return;
    this.every(k, PULL_EVERY_MS, () => this.pull(k));
    this.every(k, BATCH_EVERY_MS, () => this.push(k));
  }

  private every(k: Kiosk, periodMs: number, task: () => Promise<void>): void {
    const tick = () => {
      if (this.closing) return;
      void task().finally(() => {
        if (!this.closing) k.timers.push(setTimeout(tick, periodMs));
      });
    };
    k.timers.push(setTimeout(tick, Math.random() * periodMs));
  }

  private async pull(k: Kiosk): Promise<void> {
    const reply = await this.request(k, 'GET', changesPath(k.credentials.kioskId, k.cursor, 100));
    if (reply?.status === 200) k.cursor = (JSON.parse(reply.text) as { cursor: string }).cursor;
  }

  private async push(k: Kiosk): Promise<void> {
    const items = Array.from({ length: BATCH_ITEMS }, () => ({
      id: randomUUID(),
      seq: ++k.seq,
      type: 'queue.ticket.issued',
      schemaVersion: 1,
      createdAt: new Date().toISOString(),
      payload: { service: 'deposit', ticket: `A${String(k.seq).padStart(3, '0')}` },
    }));
    await this.request(k, 'POST', HUB_API_PATHS.transactions, { kioskId: k.credentials.kioskId, items, backlogHint: 0 });
  }

  /** One signed request, timed; null when it failed before an answer. */
  private async request(k: Kiosk, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string } | null> {
    const window = this.window;
    const url = `${k.baseUrl}${path}`;
    const sent = body === undefined ? '' : JSON.stringify(body);
    const started = performance.now();
    try {
      const headers = { ...signRequest({ method, url, body: sent, credentials: k.credentials, privateKey: k.privateKey }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      const res = await exchange(this.agent, url, method, headers, sent);
      const text = res.text;
      if (window) {
        window.requests += 1;
        const latency = performance.now() - started;
        window.latencies.push(latency);
        (window.byClass[requestClass(method, path)] ??= []).push(latency);
        if (res.status >= 300) this.fail(window, `${method} ${path.split('?')[0]} → HTTP ${res.status} ${text.slice(0, 120)}`);
      }
      return { status: res.status, text };
    } catch (err) {
      if (window) {
        window.requests += 1;
        this.fail(window, `${method} ${path.split('?')[0]} → ${(err as Error).message}`);
      }
      return null;
    }
  }

  private fail(window: FleetWindow, what: string): void {
    window.failures += 1;
    window.firstFailure ??= what;
  }

  /** Signed as the kiosk host signs its socket upgrade (hub-socket.node.ts). */
  private openSocket(k: Kiosk): Promise<WebSocket> {
    const url = assistSocketUrl(k.baseUrl, k.credentials.kioskId);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, [ASSIST_PROTOCOL], { headers: { ...signRequest({ method: 'GET', url, body: '', credentials: k.credentials, privateKey: k.privateKey }) } });
      ws.once('open', () => {
        ws.on('close', () => {
          if (!this.closing && this.window) this.window.socketsLost += 1;
        });
        resolve(ws);
      });
      ws.once('error', reject);
    });
  }
}
