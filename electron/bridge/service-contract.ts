// Service mode (technician tools) and the out-of-service state, merged into contract.ts.
// The technician signs in with PIN + TOTP; the host answers with a session id the page sends
// with every service request, and ends the session after inactivity, on Leave, or when
// another sign-in replaces it. The PIN hash and TOTP secret stay in the host: nothing here
// carries them. Imports only zod so the page bundles it.
import { z } from 'zod';

const deviceKindSchema = z.enum(['receipt-printer', 'card-reader', 'id-reader', 'barcode-scanner', 'pin-pad', 'card-dispenser']);

export const serviceSessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/);
const session = { sessionId: serviceSessionIdSchema };

/** Tests the host runs with its own devices and hub link. */
export const hostTestSchema = z.enum(['print', 'card', 'id', 'scan', 'hub']);
/** Tests only the page can run (getUserMedia, RTCPeerConnection); it reports the verdict. */
export const pageTestSchema = z.enum(['camera', 'microphone', 'turn']);
export const deviceTestSchema = z.enum([...hostTestSchema.options, ...pageTestSchema.options]);
export type HostTest = z.infer<typeof hostTestSchema>;
export type PageTest = z.infer<typeof pageTestSchema>;
export type DeviceTest = z.infer<typeof deviceTestSchema>;

/** Short stable reason code (`paper-out`, `timeout`, `NotAllowedError`, …); never free text with data. */
export const testReasonSchema = z.string().regex(/^[A-Za-z0-9:._-]{1,80}$/);

export const testResultSchema = z.object({
  id: z.string(),
  test: deviceTestSchema,
  role: z.string().nullable(),
  outcome: z.enum(['pass', 'fail', 'cancelled']),
  reason: testReasonSchema.nullable(),
  technician: z.string(),
  at: z.string(),
  durationMs: z.number().int().nonnegative(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const enterResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sessionId: serviceSessionIdSchema, technician: z.string(), idleTimeoutMs: z.number().int().positive() }),
  z.object({
    ok: z.literal(false),
    /** `wrong`: PIN or code not accepted (which one is not said); `locked`: too many tries. */
    reason: z.enum(['wrong', 'locked', 'not-configured']),
    attemptsLeft: z.number().int().nonnegative().optional(),
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
]);
export type EnterResult = z.infer<typeof enterResultSchema>;

export const serviceOverviewSchema = z.object({
  kioskId: z.string(),
  version: z.string(),
  technician: z.string(),
  devices: z.array(z.object({ role: z.string(), kind: deviceKindSchema, state: z.string(), reason: z.string().optional() })),
  /** The PIN pad's per-device working key loaded this run: id and check value only (null: the pad's default key). */
  pinKey: z.object({ keyId: z.string().max(64), kcv: z.string().regex(/^[0-9A-F]{6}$/) }).nullable().optional(),
  /** The tests this kiosk can run (by configured devices), each with its last result. */
  tests: z.array(z.object({ test: deviceTestSchema, role: z.string().nullable(), last: testResultSchema.nullable() })),
});
export type ServiceOverview = z.infer<typeof serviceOverviewSchema>;

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevelName = z.infer<typeof logLevelSchema>;

export const logLineSchema = z.object({
  /** Byte offset of the line in the log file: the paging cursor. */
  offset: z.number().int().nonnegative(),
  at: z.string().nullable(),
  level: logLevelSchema.nullable(),
  msg: z.string().max(400),
  /** The rest of the (already redacted) record, cut to a bounded length. */
  detail: z.string().max(600),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const logPageSchema = z.object({
  lines: z.array(logLineSchema).max(100),
  /** Pass as `before` for the next older page; null at the start of the file. */
  older: z.number().int().nonnegative().nullable(),
  file: z.string().nullable(),
});
export type LogPage = z.infer<typeof logPageSchema>;

export const iceServerListSchema = z.array(z.object({ urls: z.array(z.string().max(200)).max(10), username: z.string().max(200).optional(), credential: z.string().max(200).optional() })).max(10);

export const outOfServiceSchema = z.object({
  outOfService: z.boolean(),
  /** The devices that keep every enabled journey from running. */
  blockedBy: z.array(z.object({ kind: deviceKindSchema, role: z.string().nullable(), reason: z.string() })),
  since: z.string(),
  /** Operations put the kiosk in maintenance from the hub (a remote command), devices aside. */
  maintenance: z.boolean().optional(),
});
export type OutOfService = z.infer<typeof outOfServiceSchema>;

export const serviceEndReasonSchema = z.enum(['left', 'expired', 'replaced', 'restart']);

const ok = z.object({ ok: z.literal(true) });

export const serviceRequests = {
  'kiosk.outOfService': { input: z.object({}).strict(), output: outOfServiceSchema },
  'serviceMode.enter': {
    input: z.object({ pin: z.string().regex(/^[0-9]{6,12}$/), totp: z.string().regex(/^[0-9]{6}$/) }).strict(),
    output: enterResultSchema,
  },
  /** The technician is still there (a tap without a request); keeps the session alive. */
  'serviceMode.touch': { input: z.object(session).strict(), output: ok },
  'serviceMode.overview': { input: z.object(session).strict(), output: serviceOverviewSchema },
  /** Runs a host test to the end: pass, fail (timeout included) or cancelled by cancelTest. */
  'serviceMode.runTest': { input: z.object({ ...session, test: hostTestSchema }).strict(), output: testResultSchema },
  'serviceMode.cancelTest': { input: z.object(session).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** Fresh TURN credentials from the hub for the page's relay test. */
  'serviceMode.iceServers': {
    input: z.object(session).strict(),
    output: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), iceServers: iceServerListSchema }), z.object({ ok: z.literal(false), reason: testReasonSchema })]),
  },
  'serviceMode.reportTest': {
    input: z.object({ ...session, test: pageTestSchema, passed: z.boolean(), reason: testReasonSchema.nullable(), durationMs: z.number().int().nonnegative().max(600_000) }).strict(),
    output: testResultSchema,
  },
  'serviceMode.logs': {
    input: z
      .object({ ...session, minLevel: logLevelSchema, before: z.number().int().nonnegative().nullable(), limit: z.number().int().min(1).max(100) })
      .strict(),
    output: logPageSchema,
  },
  /** `ui`: the page reloads itself; `host`: the host exits for its supervisor to restart, or reloads what it can. */
  'serviceMode.restart': {
    input: z.object({ ...session, target: z.enum(['ui', 'host']) }).strict(),
    output: z.object({ mode: z.enum(['reload-page', 'exit', 'soft']) }),
  },
  'serviceMode.leave': { input: z.object(session).strict(), output: ok },
} as const;

export const serviceEvents = {
  'kiosk.outOfService': outOfServiceSchema,
  'serviceMode.ended': z.object({ sessionId: serviceSessionIdSchema, reason: serviceEndReasonSchema }),
  /** The hub asked for a fresh page (remote command `reload-ui`); sent when no customer is using it. */
  'kiosk.reload': z.object({ commandId: z.string() }),
} as const;
