// `tsx hub/enroll-code.node.ts <kioskId> [--branch B] [--ttl-hours N]`: issues a one-time
// enrollment code for the kiosk in branch B (the kiosk cannot choose another) and prints it alone on stdout (details on stderr), so scripts can capture it.
// With HUB_URL it asks a running hub (needs HUB_ADMIN_TOKEN); without, it writes to the
// hub's database directly (DATABASE_URL, or HUB_DATA_DIR for the embedded engine, which
// must not be open in a running hub at the same time).
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createEnrollmentCodeResponseSchema, DEFAULT_ENROLLMENT_TTL_SECONDS, type CreateEnrollmentCodeResponse } from '../../protocol/kiosk-auth.js';
import { branchIdSchema, HUB_API_PATHS, kioskIdSchema } from '../../protocol/hub-api.js';
import { createAuthStore } from '../storage/auth-store.js';
import { openDatabase } from '../storage/open-database.node.js';
import { issueEnrollmentCode } from './enrollment.node.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: enroll-code <kioskId> [--branch B] [--ttl-hours N]';

interface CodeRequest {
  kioskId: string;
  branchId: string | undefined;
  ttlSeconds: number;
}

async function viaHub(hubUrl: string, adminToken: string, { kioskId, branchId, ttlSeconds }: CodeRequest): Promise<CreateEnrollmentCodeResponse> {
  const res = await fetch(new URL(HUB_API_PATHS.adminEnrollmentCodes, hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ kioskId, ttlSeconds, ...(branchId === undefined ? {} : { branchId }) }),
  });
  if (res.status !== 201) throw new Error(`hub answered ${res.status}: ${await res.text()}`);
  return createEnrollmentCodeResponseSchema.parse(await res.json());
}

async function viaDatabase(env: NodeJS.ProcessEnv, { kioskId, branchId, ttlSeconds }: CodeRequest): Promise<CreateEnrollmentCodeResponse> {
  const db = await openDatabase({ dataDir: env.HUB_DATA_DIR || '.data/hub', databaseUrl: env.DATABASE_URL || undefined, logger: pino({ level: 'silent' }) });
  try {
    return await issueEnrollmentCode(await createAuthStore(db), kioskId, ttlSeconds, branchId);
  } finally {
    await db.close();
  }
}

/** Returns the process exit code: 0 issued, 1 failed, 2 bad usage. */
export async function runEnrollCodeCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const parsed = (() => {
    try {
      return parseArgs({ args: argv, allowPositionals: true, options: { 'ttl-hours': { type: 'string' }, branch: { type: 'string' } } });
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  })();
  if (parsed instanceof Error) {
    io.err(`${parsed.message}\n${USAGE}`);
    return 2;
  }
  const kioskId = kioskIdSchema.safeParse(parsed.positionals[0]);
  const ttlHours = parsed.values['ttl-hours'] === undefined ? DEFAULT_ENROLLMENT_TTL_SECONDS / 3600 : Number(parsed.values['ttl-hours']);
  const branchId = branchIdSchema.optional().safeParse(parsed.values.branch);
  if (!kioskId.success || !branchId.success || parsed.positionals.length !== 1 || !(ttlHours > 0 && ttlHours <= 168)) {
    io.err(`${USAGE}\n  kioskId: letters, digits, _ and -; --branch: 1 to 64 characters; --ttl-hours: more than 0, at most 168`);
    return 2;
  }
  const request: CodeRequest = { kioskId: kioskId.data, branchId: branchId.data, ttlSeconds: Math.max(60, Math.round(ttlHours * 3600)) };
  try {
    const issued = env.HUB_URL ? await viaHub(env.HUB_URL, env.HUB_ADMIN_TOKEN ?? '', request) : await viaDatabase(env, request);
    io.out(issued.code);
    const branch = issued.branchId ? `, for branch ${issued.branchId}` : '; no --branch: the kiosk’s first registration sets its branch';
    io.err(`enrollment code for kiosk ${issued.kioskId}, single use, expires ${issued.expiresAt}${branch}`);
    return 0;
  } catch (error) {
    io.err(`enroll-code: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
