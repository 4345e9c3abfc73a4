// The hub test and the TURN credentials for the page's relay test. Both go through the
// kiosk's request signer, like every other hub request: /health says the hub and its database
// answer; a signed GET of the kiosk's own changes says this kiosk's enrollment is accepted.
import { z } from 'zod';
import { changesPath } from '../../../protocol/hub-api.js';
import { iceServerListSchema } from '../../bridge/service-contract.js';
import type { HubRequestSigner } from '../hub-signer.node.js';

export interface HubCheckDeps {
  hubUrl: string | null;
  kioskId: string;
  sign: HubRequestSigner;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export type HubVerdict = { ok: true } | { ok: false; reason: string };

async function get(deps: HubCheckDeps, path: string): Promise<{ status: number; text: string } | { error: string }> {
  const url = `${deps.hubUrl ?? ''}${path}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), deps.timeoutMs ?? 8_000);
  try {
    const headers = await deps.sign('GET', url, '');
    const res = await (deps.fetchImpl ?? fetch)(url, { method: 'GET', headers, signal: abort.signal });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    return { error: abort.signal.aborted ? 'timeout' : ((err as { cause?: { code?: string } }).cause?.code ?? 'unreachable') };
  } finally {
    clearTimeout(timer);
  }
}

const statusReason = (status: number): string => (status === 401 || status === 403 ? 'not-authorised' : `http-${status}`);

export async function checkHub(deps: HubCheckDeps): Promise<HubVerdict> {
  if (!deps.hubUrl) return { ok: false, reason: 'no-hub-configured' };
  const health = await get(deps, '/health');
  if ('error' in health) return { ok: false, reason: `health-${health.error}` };
  if (health.status !== 200) return { ok: false, reason: `health-http-${health.status}` };
  const signed = await get(deps, changesPath(deps.kioskId, null, 1));
  if ('error' in signed) return { ok: false, reason: `signed-${signed.error}` };
  return signed.status === 200 ? { ok: true } : { ok: false, reason: `signed-${statusReason(signed.status)}` };
}

/** Where a kiosk asks for TURN credentials outside a call (a hub that predates it answers 404). */
export const iceServersPath = (kioskId: string) => `/v1/kiosks/${encodeURIComponent(kioskId)}/ice-servers`;

export async function fetchIceServers(deps: HubCheckDeps): Promise<{ ok: true; iceServers: z.infer<typeof iceServerListSchema> } | { ok: false; reason: string }> {
  if (!deps.hubUrl) return { ok: false, reason: 'no-hub-configured' };
  const reply = await get(deps, iceServersPath(deps.kioskId));
  if ('error' in reply) return { ok: false, reason: `turn-credentials-${reply.error}` };
  if (reply.status === 404) return { ok: false, reason: 'turn-credentials-not-served' };
  if (reply.status !== 200) return { ok: false, reason: `turn-credentials-${statusReason(reply.status)}` };
  let json: unknown;
  try {
    json = JSON.parse(reply.text);
  } catch {
    return { ok: false, reason: 'turn-credentials-malformed' };
  }
  const body = z.object({ iceServers: iceServerListSchema }).safeParse(json);
  if (!body.success) return { ok: false, reason: 'turn-credentials-malformed' };
  if (!body.data.iceServers.some((s) => s.urls.some((u) => u.startsWith('turn:') || u.startsWith('turns:')))) return { ok: false, reason: 'no-turn-server' };
  return { ok: true, iceServers: body.data.iceServers };
}
