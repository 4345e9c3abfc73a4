// The one hub sender: the caller's cancel signal and the sender's own timeout both abort the
// request, and a request that finished leaves no listener on the caller's signal.
import { describe, expect, it } from 'vitest';
import { hubSender } from './hub-send.node.js';

/** A fetch that answers only when told, and reports the abort it saw. */
function pendingFetch() {
  let seen: AbortSignal | undefined;
  const impl = ((_url: string, init?: RequestInit) => {
    seen = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      seen?.addEventListener('abort', () => reject(seen?.reason));
      setTimeout(() => resolve(new Response('{"ok":true}', { status: 200 })), 200);
    });
  }) as typeof fetch;
  return { impl, signal: () => seen };
}

describe('hubSender', () => {
  it("aborts the request when the caller's signal aborts", async () => {
    const f = pendingFetch();
    const send = hubSender({ hubUrl: 'http://hub.test', fetchImpl: f.impl, requestTimeoutMs: 10_000 });
    const cancel = new AbortController();
    const sent = send('GET', '/v1/x', undefined, { signal: cancel.signal });
    cancel.abort(new Error('stopping'));
    await expect(sent).rejects.toThrow('stopping');
    expect(f.signal()?.aborted).toBe(true);
  });

  it('still times out by itself, and answers normally when nobody cancels', async () => {
    const slow = pendingFetch();
    await expect(hubSender({ hubUrl: 'http://hub.test', fetchImpl: slow.impl, requestTimeoutMs: 20 })('GET', '/v1/x')).rejects.toThrow('hub request timed out');
    const ok = pendingFetch();
    const reply = await hubSender({ hubUrl: 'http://hub.test', fetchImpl: ok.impl })('GET', '/v1/x', undefined, { signal: new AbortController().signal });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ ok: true });
  });
});
