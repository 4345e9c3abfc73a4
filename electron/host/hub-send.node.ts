// The one way the kiosk host sends an HTTP request to the hub (sync, banking): the body is
// fixed as bytes before the request so the signer hashes exactly what is sent, the kiosk's
// signature goes in the headers, and the whole exchange — body included — runs under one
// timeout, since a connection can hang half-way through an answer.
import type { HubRequestSigner } from './hub-signer.node.js';

export interface HubReply {
  status: number;
  json(): Promise<unknown>;
}

/** A body already serialised (e.g. an outbox batch assembled from stored payload text). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** `signal`: the caller gives up (e.g. the host stops during a long poll); the request is aborted. */
export type Send = (method: 'GET' | 'POST', path: string, body?: unknown, options?: { signal?: AbortSignal }) => Promise<HubReply>;

export interface HubSendOptions {
  /** Null: no hub configured; every request fails at once (the caller is offline). */
  hubUrl: string | null;
  sign?: HubRequestSigner;
  fetchImpl?: typeof fetch;
  requestTimeoutMs?: number;
}

export function hubSender(opts: HubSendOptions): Send {
  return async (method, path, body, options) => {
    if (opts.hubUrl === null) throw new Error('no hub configured');
    const f = opts.fetchImpl ?? fetch;
    // A cleared timer, not AbortSignal.timeout(): that one keeps each request (and its 250 KB
    // body) reachable until the timeout would have fired, which dominated memory in a drain.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('hub request timed out')), opts.requestTimeoutMs ?? 10_000);
    const giveUp = () => abort.abort(options?.signal?.reason ?? new Error('hub request cancelled'));
    if (options?.signal?.aborted) giveUp();
    options?.signal?.addEventListener('abort', giveUp, { once: true });
    const sent = body === undefined ? undefined : body instanceof RawJson ? body.text : JSON.stringify(body);
    const url = `${opts.hubUrl}${path}`;
    try {
      const auth = opts.sign ? await opts.sign(method, url, sent ?? '') : {};
      const res = await f(url, {
        method,
        headers: { ...auth, ...(sent === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(sent === undefined ? {} : { body: sent }),
        signal: abort.signal,
      });
      const text = await res.text();
      return { status: res.status, json: () => Promise.resolve(JSON.parse(text) as unknown) };
    } finally {
      clearTimeout(timer);
      options?.signal?.removeEventListener('abort', giveUp);
    }
  };
}
