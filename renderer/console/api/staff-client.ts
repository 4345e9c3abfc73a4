// The console's HTTP calls to the hub (same origin: the hub serves the console). Answers are
// parsed with the hub's own schemas; failures become stable codes the login screen
// translates, never raw messages.
import { ASSIST_PATHS } from '../../../protocol/assist-values.js';
import {
  staffLoginResponseSchema,
  staffMeResponseSchema,
  totpCodeSchema,
  type QualitySample,
  type StaffLoginResponse,
} from '../../../protocol/staff-api.js';

export type LoginErrorCode = 'bad-credentials' | 'code-format' | 'rate-limited' | 'session-expired' | 'replaced' | 'network' | 'unexpected';

export class StaffApiError extends Error {
  constructor(readonly code: LoginErrorCode, message: string) {
    super(message);
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

function codeForStatus(status: number): LoginErrorCode {
  if (status === 401) return 'bad-credentials';
  if (status === 429) return 'rate-limited';
  return 'unexpected';
}

async function call(fetchImpl: Fetch, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(path, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new StaffApiError('network', error instanceof Error ? error.message : String(error));
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export class StaffClient {
  constructor(private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init)) {}

  async login(username: string, password: string, totp: string): Promise<StaffLoginResponse> {
    // Checked here so a typo costs no attempt against the hub's per-user rate limit.
    if (!totpCodeSchema.safeParse(totp).success) throw new StaffApiError('code-format', 'the code must be 6 digits');
    const res = await call(this.fetchImpl, ASSIST_PATHS.staffLogin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: username.trim(), password, totp }),
    });
    if (!res.ok) throw new StaffApiError(codeForStatus(res.status), `login answered ${res.status}`);
    const parsed = staffLoginResponseSchema.safeParse(await res.json());
    if (!parsed.success) throw new StaffApiError('unexpected', 'login answer did not match the protocol');
    return parsed.data;
  }

  /** Resolves false when the session is no longer valid; throws on network failure. */
  async sessionAlive(token: string): Promise<boolean> {
    const res = await call(this.fetchImpl, ASSIST_PATHS.staffMe, { headers: bearer(token) });
    if (res.status === 401) return false;
    return res.ok && staffMeResponseSchema.safeParse(await res.json()).success;
  }

  async logout(token: string): Promise<void> {
    await call(this.fetchImpl, ASSIST_PATHS.staffLogout, { method: 'POST', headers: bearer(token) });
  }

  /** Throws StaffApiError('session-expired') on 401, so the caller can return to sign-in. */
  async postQuality(token: string, sessionId: string, samples: readonly QualitySample[]): Promise<void> {
    const path = ASSIST_PATHS.quality.replace(':sessionId', encodeURIComponent(sessionId));
    const res = await call(this.fetchImpl, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ samples }),
    });
    if (res.status === 401) throw new StaffApiError('session-expired', 'quality report refused: session ended');
    if (!res.ok) throw new StaffApiError('unexpected', `quality report answered ${res.status}`);
  }
}
