// Host configuration: one JSON file (path from BRANCH_KIOSK_CONFIG) overlaid by environment
// variables, validated as a whole so a typo names the bad key instead of failing later.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { localeSchema } from '../bridge/locale.js';
import { outboxConfigSchema } from './outbox-config.js';
import { defaultDevices, describeDevicePath, devicesConfigSchema } from './devices/device-config.js';
import { journeyIdSchema } from './service-mode/out-of-service.js';

export const hostConfigSchema = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only'),
    /** Kiosk digit(s) in ticket numbers, so kiosks of one branch never collide offline. */
    ticketPrefix: z.string().regex(/^[0-9]{1,2}$/),
    branchId: z.string().min(1),
    branchName: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
    dataDir: z.string().min(1),
    hubUrl: z.url().nullable(),
    syncIntervalMs: z.number().int().min(100).default(5_000),
    devices: devicesConfigSchema.default(() => devicesConfigSchema.parse(defaultDevices)),
    ui: z
      .object({
        defaultLocale: localeSchema.default('zh-CN'),
        // Prompt after 45 s without a touch, then 30 s to answer: WCAG 2.2.1 asks for at least
        // 20 s to extend. The page doubles both in elder (large-text) mode.
        idleTimeoutMs: z.number().int().min(5_000).default(75_000),
        idleWarningMs: z.number().int().min(1_000).default(30_000),
        hideCursor: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    serviceMode: z.boolean().default(false),
    /** Journeys this kiosk offers; with what each needs, decides when it is out of service. */
    journeys: z.array(journeyIdSchema).min(1).default(['queue-ticket']),
    /** Technician service mode (the PIN + TOTP come from setTechnicianCredentials, not from here). */
    technician: z
      .object({
        /** Default: technician.json in the data dir. */
        credentialsFile: z.string().min(1).nullable().default(null),
        sessionIdleMs: z.number().int().min(10_000).default(5 * 60_000),
        readerTestWaitMs: z.number().int().min(1_000).default(30_000),
        outOfServiceGraceMs: z.number().int().min(0).default(3_000),
      })
      .strict()
      .prefault({}),
    outbox: outboxConfigSchema.prefault({}),
    /** Account opening (issue 11). */
    accountOpening: z
      .object({
        /** How long the customer waits for an expert to take the call before the application is withdrawn (default 180 s). */
        expertSlaMs: z.number().int().min(1_000).default(180_000),
        /** The face check's threshold, handed to the page's verifier. */
        faceThreshold: z.number().min(0).max(1).default(0.6),
        /** The terms version the page shows; a consent for another version is not taken. */
        consentVersion: z.string().regex(/^[a-z0-9.-]{1,32}$/).default('acct-terms-2026.12'),
        /** Where the demo ID-photo decoder finds the simulated cards' portraits (default: test/fixtures/faces under the working directory). */
        demoPortraitsDir: z.string().min(1).nullable().default(null),
      })
      .strict()
      .prefault({}),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

export type HostConfig = z.infer<typeof hostConfigSchema>;
export type HostConfigInput = z.input<typeof hostConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const defaultConfig: HostConfigInput = {
  kioskId: 'K01',
  ticketPrefix: '1',
  branchId: 'BR001',
  branchName: { 'zh-CN': '示例银行 中山路支行', en: 'Example Bank, Zhongshan Rd Branch' },
  dataDir: path.resolve('.data/kiosk'),
  hubUrl: 'http://127.0.0.1:8080',
};

/** Environment overrides: the few keys a technician sets per machine. */
function fromEnv(env: NodeJS.ProcessEnv): Partial<HostConfigInput> {
  const out: Partial<HostConfigInput> = {};
  if (env.BRANCH_KIOSK_ID) out.kioskId = env.BRANCH_KIOSK_ID;
  if (env.BRANCH_KIOSK_DATA_DIR) out.dataDir = env.BRANCH_KIOSK_DATA_DIR;
  if (env.BRANCH_KIOSK_HUB_URL !== undefined) out.hubUrl = env.BRANCH_KIOSK_HUB_URL === '' ? null : env.BRANCH_KIOSK_HUB_URL;
  if (env.BRANCH_KIOSK_LOG_LEVEL) out.logLevel = env.BRANCH_KIOSK_LOG_LEVEL as HostConfig['logLevel'];
  if (env.BRANCH_KIOSK_SERVICE_MODE) out.serviceMode = env.BRANCH_KIOSK_SERVICE_MODE === '1';
  return out;
}

export function parseConfig(input: unknown): HostConfig {
  const parsed = hostConfigSchema.safeParse(input);
  if (!parsed.success) {
    const devices = typeof input === 'object' && input !== null ? (input as { devices?: unknown }).devices : undefined;
    const detail = parsed.error.issues.map((i) => `${describeDevicePath(i.path, devices) || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid kiosk configuration — ${detail}`);
  }
  return parsed.data;
}

export function loadConfig(opts: { env?: NodeJS.ProcessEnv; file?: string | null; overrides?: Partial<HostConfigInput> } = {}): HostConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env.BRANCH_KIOSK_CONFIG ?? null;
  let fromFile: Partial<HostConfigInput> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostConfigInput>;
    } catch (err) {
      throw new ConfigError(`cannot read kiosk configuration ${file}: ${(err as Error).message}`);
    }
  }
  return parseConfig({ ...defaultConfig, ...fromFile, ...fromEnv(env), ...opts.overrides });
}
