// One way for the console's staff views (fleet, follow-ups, declined payments) to call the
// hub's signed-in staff routes, same origin: the session's bearer token, no cookies, no cache,
// and a refusal turned into a stable code the views translate, never the hub's message.
import type { Fetch } from './staff-client.js';

export type StaffResourceErrorCode = 'session-expired' | 'forbidden' | 'conflict' | 'not-found' | 'network' | 'unexpected';

export class StaffResourceError extends Error {
  constructor(
    readonly code: StaffResourceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StaffResourceError';
  }
}

export function codeOfStatus(status: number): StaffResourceErrorCode {
  if (status === 401) return 'session-expired';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  return 'unexpected';
}

/** Anything thrown by a staff call, as a code: what is not a StaffResourceError (a schema mismatch, a bug) is 'unexpected'. */
export const errorCodeOf = (error: unknown): StaffResourceErrorCode => (error instanceof StaffResourceError ? error.code : 'unexpected');

export type StaffMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The answer of a 2xx; a network failure or any other status throws StaffResourceError. */
export async function staffFetch(fetchImpl: Fetch, token: string, method: StaffMethod, path: string, body?: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetchImpl(path, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new StaffResourceError('network', error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) throw new StaffResourceError(codeOfStatus(res.status), `${method} ${path} answered ${res.status}`);
  return res;
}

/** As staffFetch, with the JSON body; the caller parses it with the protocol's schema. */
export async function staffJson(fetchImpl: Fetch, token: string, method: StaffMethod, path: string, body?: unknown): Promise<unknown> {
  const res = await staffFetch(fetchImpl, token, method, path, body);
  try {
    return (await res.json()) as unknown;
  } catch {
    throw new StaffResourceError('unexpected', `${method} ${path}: not JSON`);
  }
}
