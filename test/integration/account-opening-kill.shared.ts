// What the account-opening kill test and its child process agree on: the kiosks (data dir each),
// the config each host runs with, and the child's report.
import { z } from 'zod';
import { loadConfig, type HostConfig } from '../../electron/host/config.js';

export const killedKioskSchema = z.object({ kioskId: z.string().min(1), dataDir: z.string().min(1) }).strict();
export type KilledKioskSpec = z.infer<typeof killedKioskSchema>;
export const killedKiosksSchema = z.array(killedKioskSchema).min(1);

export interface KilledApplication {
  kioskId: string;
  applicationId: string;
  /** The killed host's device worker, which must not outlive it. */
  workerPid: number | null;
}

/** The same config before the kill and after the restart: the application's row lives in the data dir. */
export function killTestConfig(spec: KilledKioskSpec, hubUrl: string): HostConfig {
  return loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: spec.kioskId,
      dataDir: spec.dataDir,
      hubUrl,
      syncIntervalMs: 60_000,
      accountOpening: { expertSlaMs: 600_000, faceThreshold: 0.6, consentVersion: 'terms-2026.11', demoPortraitsDir: 'test/fixtures/faces' },
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } },
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', transport: { type: 'simulated' } },
      ],
    },
  });
}
