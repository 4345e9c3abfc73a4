// Simulated assistance calls for the chaos run with several hub instances: each call is an
// enrolled kiosk's signed signaling socket and an expert's staff socket, both through the
// load-balancer proxy, exchanging signal frames. After every hub kill, `check()` reconnects
// whichever socket the kill cut (through the proxy, so to a live instance), waits for the
// call to resume there, and has a signal go each way. A call that resumes with signals
// flowing both ways within the grace period survived the kill; one the hub ended, or that
// did not resume or stopped carrying signals, is dropped (and replaced by a new call).
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { ASSIST_PATHS, ASSIST_PROTOCOL } from '../../protocol/assist-signaling.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { totpCode } from '../../hub/assist/staff/totp.js';
import { TestSocket } from '../../hub/assist/testing/ws-client.js';
import { signRequest } from '../../electron/host/request-signer.js';
import type { CallsReport } from './chaos-verify.js';

const HELP = { type: 'help.request', language: 'zh-CN', topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'card-replacement/start' };

interface Call {
  slot: number;
  sessionId: string;
  requestId: string;
  kiosk: TestSocket;
  expert: TestSocket;
  kioskCut: boolean;
  expertCut: boolean;
}

export interface CallSimulation {
  /** Starts `count` calls (a kiosk and an expert each). */
  start(count: number): Promise<void>;
  /** After a hub kill: resumes what was cut, checks signals both ways, replaces dropped calls. */
  check(tag: string): Promise<void>;
  report(): CallsReport;
  close(): Promise<void>;
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
}

async function retry<T>(what: string, deadline: number, attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startCallSimulation(opts: {
  hubUrl: string;
  admin: { username: string; password: string; totpSecret: string };
  /** One enrolled kiosk per call slot. */
  kiosks: KioskCredentials[];
  graceSec: number;
  /** How long a cut party waits before reconnecting (default 300 ms); longer than the grace to show that a drop is caught. */
  reconnectDelayMs?: number;
  log?: (line: string) => void;
}): Promise<CallSimulation> {
  const wsUrl = `${opts.hubUrl.replace('http', 'ws')}${ASSIST_PATHS.socket}`;
  const counts: CallsReport = { started: 0, survivedHubKill: 0, dropped: 0 };
  const log = opts.log ?? (() => undefined);
  const login = async (username: string, password: string, secret: string) => {
    // A TOTP step is good once per user; the next sign-in may need the next step.
    const res = await retry(`sign-in of ${username}`, Date.now() + 70_000, async () => {
      const r = await post(`${opts.hubUrl}${ASSIST_PATHS.staffLogin}`, { username, password, totp: totpCode(secret, Date.now()) });
      if (!r.ok) throw new Error(`status ${r.status}`);
      return r;
    });
    return staffLoginResponseSchema.parse(await res.json()).token;
  };
  const adminToken = await login(opts.admin.username, opts.admin.password, opts.admin.totpSecret);
  const experts: string[] = [];
  for (let i = 0; i < opts.kiosks.length; i++) {
    const body = { username: `chaos.expert${i}`, displayName: `Chaos Expert ${i}`, role: 'expert', password: 'chaos expert password', languages: ['zh-CN'], topics: ['cards'] };
    const created = await post(`${opts.hubUrl}${ASSIST_PATHS.staffUsers}`, body, adminToken);
    if (created.status !== 201) throw new Error(`creating ${body.username}: ${created.status} ${await created.text()}`);
    const { totpSecret } = createStaffResponseSchema.parse(await created.json());
    experts.push(await login(body.username, body.password, totpSecret));
  }

  const kioskSocket = (slot: number) => {
    const credentials = opts.kiosks[slot]!;
    const url = `${wsUrl}?kioskId=${encodeURIComponent(credentials.kioskId)}`;
    return TestSocket.open(url, [ASSIST_PROTOCOL], signRequest({ method: 'GET', url, body: '', credentials }));
  };
  const staffSocket = (slot: number) => TestSocket.staff(wsUrl, experts[slot]!);
  const watch = (call: Call) => {
    void call.kiosk.closed.then(() => (call.kioskCut = true));
    void call.expert.closed.then(() => (call.expertCut = true));
  };

  // A slot is empty after a dropped call whose replacement could not start; the next check tries again.
  const calls: (Call | undefined)[] = [];
  const startCall = async (slot: number): Promise<void> => {
    const deadline = Date.now() + 30_000;
    const opened: TestSocket[] = [];
    try {
      const expert = await retry('expert socket', deadline, () => staffSocket(slot));
      opened.push(expert);
      await expert.next('hello');
      expert.send({ type: 'availability', available: true });
      await expert.next('expert.state', (m) => m.state === 'available', 10_000);
      const kiosk = await retry('kiosk socket', deadline, () => kioskSocket(slot));
      opened.push(kiosk);
      await kiosk.next('hello');
      kiosk.send(HELP);
      const { requestId } = await kiosk.next('queue.position', () => true, 10_000);
      await expert.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId), 10_000);
      expert.send({ type: 'accept', requestId });
      const { sessionId } = await expert.next('call.started', (m) => m.request.requestId === requestId, 10_000);
      await kiosk.next('call.assigned', (m) => m.sessionId === sessionId, 10_000);
      const call: Call = { slot, sessionId, requestId, kiosk, expert, kioskCut: false, expertCut: false };
      watch(call);
      await signalBothWays(call, 'start', 10_000);
      calls[slot] = call;
      counts.started += 1;
    } catch (error) {
      await Promise.all(opened.map((s) => Promise.race([s.close(), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined)));
      throw error;
    }
  };

  const signalBothWays = async (call: Call, tag: string, timeoutMs: number) => {
    const { sessionId } = call;
    call.expert.send({ type: 'signal', sessionId, data: { type: 'offer', sdp: tag } });
    await call.kiosk.next('signal', (m) => (m.data as { sdp?: string }).sdp === tag, timeoutMs);
    call.kiosk.send({ type: 'signal', sessionId, data: { type: 'answer', sdp: tag } });
    await call.expert.next('signal', (m) => (m.data as { sdp?: string }).sdp === tag, timeoutMs);
  };

  const ended = (call: Call) => call.kiosk.all('call.end').length + call.expert.all('call.end').length > 0;

  const resume = async (call: Call, tag: string): Promise<boolean> => {
    const deadline = Date.now() + opts.graceSec * 1000;
    // Give the proxy a moment to cut what the kill cut.
    await new Promise((r) => setTimeout(r, opts.reconnectDelayMs ?? 300));
    const cut = call.kioskCut || call.expertCut;
    if (call.expertCut) {
      call.expert = await retry('expert reconnect', deadline, () => staffSocket(call.slot));
      call.expertCut = false;
      await call.expert.next('call.started', (m) => m.sessionId === call.sessionId && m.resumed === true, Math.max(1, deadline - Date.now()));
    }
    if (call.kioskCut) {
      call.kiosk = await retry('kiosk reconnect', deadline, () => kioskSocket(call.slot));
      call.kioskCut = false;
      await call.kiosk.next('call.assigned', (m) => m.sessionId === call.sessionId && m.resumed === true, Math.max(1, deadline - Date.now()));
    }
    watch(call);
    if (ended(call)) throw new Error('the hub ended the call');
    await signalBothWays(call, tag, Math.max(1, deadline - Date.now()));
    if (ended(call)) throw new Error('the hub ended the call');
    return cut;
  };

  const closeCall = async (call: Call) => {
    // Ended on purpose, so a replacement call on the slot does not resume this one.
    if (!call.expertCut) call.expert.send({ type: 'call.end', sessionId: call.sessionId, reason: 'completed' });
    await Promise.all([call.kiosk, call.expert].map((s) => Promise.race([s.close(), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined)));
  };

  return {
    start: async (count) => {
      for (let slot = 0; slot < count; slot++) await startCall(slot);
    },
    check: async (tag) => {
      await Promise.all(
        Array.from({ length: opts.kiosks.length }, async (_, slot) => {
          const call = calls[slot];
          if (call) {
            try {
              if (await resume(call, tag)) counts.survivedHubKill += 1;
              return;
            } catch (error) {
              counts.dropped += 1;
              calls[slot] = undefined;
              log(`chaos: call ${call.sessionId} (slot ${slot}) dropped at ${tag}${ended(call) ? ' (the hub ended it)' : ''}: ${(error as Error).message}`);
              await closeCall(call);
            }
          }
          // A new call on the slot, with the same kiosk and expert.
          await startCall(slot).catch((e: unknown) => log(`chaos: could not start a new call on slot ${slot} at ${tag}: ${(e as Error).message}`));
        }),
      );
    },
    report: () => ({ ...counts }),
    close: async () => {
      await Promise.all(calls.map((call) => call && closeCall(call)));
    },
  };
}
