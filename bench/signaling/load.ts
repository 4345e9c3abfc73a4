// Simulated calls for the signaling benchmark: kiosk + expert socket pairs, each side sending
// one signal a second (mostly trickled ICE candidates, every tenth a full SDP), every frame
// stamped with its send time and a number, so the receiving side measures relay latency and
// the benchmark counts how many of the frames sent in a window were relayed at all. Kiosk
// sockets are enrolled and sign their upgrade, as the kiosk host does.
import { fork, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { signRequest } from '../../electron/host/request-signer.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../protocol/assist-values.js';

const CANDIDATE = 'candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 10.0.0.5 rport 54321 generation 0 ufrag abcd network-cost 999';
const SDP = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n${'a=candidate-or-codec-line-of-a-typical-offer\r\n'.repeat(75)}`;

export interface Target {
  name: string;
  child: ChildProcess;
  url: string;
}

export function startTarget(name: string, script: string): Promise<Target> {
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { type: string; url: string }) => resolve({ name, child, url: message.url }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
}

export async function stopTarget(target: Target): Promise<void> {
  const exited = new Promise((resolve) => target.child.once('exit', resolve));
  target.child.send({ type: 'stop' });
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (target.child.exitCode === null) target.child.kill('SIGKILL');
}

function open(url: string, protocols: string[], headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

type Frame = { type: string; sessionId?: string; data?: { t?: number; n?: number } };

/** What one measuring window saw: latencies of relayed frames, and frames sent vs relayed. */
export interface Window {
  latencies: number[];
  sent: number;
  relayed: number;
}
const parse = (data: WebSocket.RawData) => JSON.parse(String(data)) as Frame;
/** Resolves with the first frame of `type` on `ws`. */
const first = (ws: WebSocket, type: string) =>
  new Promise<Frame>((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const frame = parse(data);
      if (frame.type !== type) return;
      ws.off('message', listener);
      resolve(frame);
    };
    ws.on('message', listener);
  });

export class SignalingLoad {
  private readonly sockets: WebSocket[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  /** Frames numbered [first, last) belong to the open window; last is open-ended until it closes. */
  private window: { first: number; last: number; latencies: number[]; relayed: number } | null = null;
  private nextFrame = 0;
  private pairs = 0;

  constructor(
    private readonly target: Target,
    private readonly kind: 'hub' | 'raw',
  ) {}

  get size(): number {
    return this.pairs;
  }

  /** Adds pairs in batches until `total` calls are up and sending. */
  async grow(total: number, batch = 100): Promise<void> {
    while (this.pairs < total) {
      const count = Math.min(batch, total - this.pairs);
      const made = this.kind === 'hub' ? await this.hubPairs(count) : await this.rawPairs(count);
      for (const [sessionId, kiosk, expert] of made) {
        this.drive(kiosk, sessionId);
        this.drive(expert, sessionId);
      }
      this.pairs += count;
    }
  }

  /**
   * The frames sent during `ms`, and of those how many arrived and how fast. Frames still in
   * flight when the window closes get `graceMs` to arrive; one that never does is not relayed.
   */
  async measure(ms: number, graceMs = 1000): Promise<Window> {
    const window = { first: this.nextFrame, last: Number.POSITIVE_INFINITY, latencies: [] as number[], relayed: 0 };
    this.window = window;
    await new Promise((resolve) => setTimeout(resolve, ms));
    window.last = this.nextFrame;
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    this.window = null;
    return { latencies: window.latencies.sort((a, b) => a - b), sent: window.last - window.first, relayed: window.relayed };
  }

  async close(): Promise<void> {
    this.timers.forEach(clearInterval);
    for (const ws of this.sockets) ws.terminate();
  }

  private drive(ws: WebSocket, sessionId: string): void {
    ws.on('message', (data) => {
      const window = this.window;
      if (window === null) return;
      const frame = parse(data);
      const n = frame.data?.n;
      if (frame.type !== 'signal' || typeof frame.data?.t !== 'number' || typeof n !== 'number' || n < window.first || n >= window.last) return;
      window.relayed += 1;
      window.latencies.push(performance.now() - frame.data.t);
    });
    let sent = 0;
    const send = () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      sent += 1;
      const payload = sent % 10 === 0 ? { type: 'offer', sdp: SDP } : { candidate: { candidate: CANDIDATE, sdpMLineIndex: 0, sdpMid: '0' } };
      ws.send(JSON.stringify({ type: 'signal', sessionId, data: { ...payload, t: performance.now(), n: this.nextFrame++ } }));
    };
    // Spread the senders over the second so the load is even, not one burst a second.
    setTimeout(() => this.timers.push(setInterval(send, 1000)), Math.random() * 1000);
  }

  private async rawPairs(count: number): Promise<[string, WebSocket, WebSocket][]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const id = `raw-${this.pairs + i}`;
        const [a, b] = await Promise.all([open(`${this.target.url}?pair=${id}`, []), open(`${this.target.url}?pair=${id}`, [])]);
        this.sockets.push(a, b);
        return [id, a, b] as [string, WebSocket, WebSocket];
      }),
    );
  }

  private async hubPairs(count: number): Promise<[string, WebSocket, WebSocket][]> {
    const tokens = await new Promise<string[]>((resolve) => {
      this.target.child.once('message', (message: { tokens: string[] }) => resolve(message.tokens));
      this.target.child.send({ type: 'staff', count });
    });
    const experts = await Promise.all(tokens.map((token) => open(this.target.url, [ASSIST_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`])));
    await Promise.all(experts.map((ws) => (ws.send(JSON.stringify({ type: 'availability', available: true })), first(ws, 'expert.state'))));
    const ids = tokens.map((_, i) => `BK-${this.pairs + i}`);
    const credentials = await new Promise<KioskCredentials[]>((resolve) => {
      this.target.child.once('message', (message: { credentials: KioskCredentials[] }) => resolve(message.credentials));
      this.target.child.send({ type: 'kiosks', ids });
    });
    // Signed as the kiosk host signs its socket (hub-socket.node.ts): GET, path and query, empty body.
    const kiosks = await Promise.all(
      credentials.map((c) => {
        const url = `${this.target.url}?kioskId=${c.kioskId}`;
        return open(url, [ASSIST_PROTOCOL], { ...signRequest({ method: 'GET', url, body: '', credentials: c }) });
      }),
    );
    await Promise.all(kiosks.map((ws) => (ws.send(JSON.stringify({ type: 'help.request', language: 'zh-CN', topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'home' })), first(ws, 'queue.position'))));
    const assigned = kiosks.map((ws) => first(ws, 'call.assigned').then((frame) => [frame.sessionId, ws] as const));
    const started = experts.map((ws) => first(ws, 'call.started').then((frame) => [frame.sessionId, ws] as const));
    for (const ws of experts) ws.send(JSON.stringify({ type: 'accept' }));
    const expertBySession = new Map(await Promise.all(started));
    this.sockets.push(...experts, ...kiosks);
    return (await Promise.all(assigned)).map(([sessionId, kiosk]) => {
      const expert = expertBySession.get(sessionId ?? '');
      if (!sessionId || !expert) throw new Error('a kiosk was assigned a call no expert started');
      return [sessionId, kiosk, expert];
    });
  }
}
