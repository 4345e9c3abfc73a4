// Simulated calls for the signaling benchmark: kiosk + expert socket pairs, each side sending
// one signal a second (mostly trickled ICE candidates, every tenth a full SDP), every frame
// stamped with its send time so the receiving side measures relay latency.
import { fork, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../hub/assist/protocol-values.js';

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

function open(url: string, protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

type Frame = { type: string; sessionId?: string; data?: { t?: number } };
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
  private latencies: number[] | null = null;
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

  /** Relay latencies (ms) of every signal received during `ms`. */
  async measure(ms: number): Promise<number[]> {
    this.latencies = [];
    await new Promise((resolve) => setTimeout(resolve, ms));
    const taken = this.latencies;
    this.latencies = null;
    return taken.sort((a, b) => a - b);
  }

  async close(): Promise<void> {
    this.timers.forEach(clearInterval);
    for (const ws of this.sockets) ws.terminate();
  }

  private drive(ws: WebSocket, sessionId: string): void {
    ws.on('message', (data) => {
      if (this.latencies === null) return;
      const frame = parse(data);
      if (frame.type === 'signal' && typeof frame.data?.t === 'number') this.latencies.push(performance.now() - frame.data.t);
    });
    let sent = 0;
    const send = () => {
      sent += 1;
      const payload = sent % 10 === 0 ? { type: 'offer', sdp: SDP } : { candidate: { candidate: CANDIDATE, sdpMLineIndex: 0, sdpMid: '0' } };
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'signal', sessionId, data: { ...payload, t: performance.now() } }));
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
    const kiosks = await Promise.all(tokens.map((_, i) => open(`${this.target.url}?kioskId=BK-${this.pairs + i}`, [ASSIST_PROTOCOL])));
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
