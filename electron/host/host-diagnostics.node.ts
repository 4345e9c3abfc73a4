// What `kioskctl status` and `kioskctl diag` ask a running host: hub link, outbox backlog and
// dead letters, device health, and the effective config with its secrets taken out. Never a
// transaction payload: dead letters go out as id, type, code and reason only.
import path from 'node:path';
import type { SyncStatus } from '../bridge/contract.js';
import type { DiagResult, StatusResult } from './admin-protocol.js';
import type { HostConfig } from './config.js';
import type { DeviceManager } from './device-manager.node.js';
import type { KioskCredentialsStore } from './kiosk-credentials.node.js';
import { LOG_DIR } from './log.node.js';
import type { Outbox } from './outbox.node.js';
import type { SqliteDb } from './sqlite.node.js';

export interface HostDiagnosticsDeps {
  config: HostConfig;
  version: string;
  startedAt: string;
  sync: { current(): SyncStatus };
  outbox: Pick<Outbox, 'stats' | 'rejected'>;
  db: Pick<SqliteDb, 'all'>;
  devices: Pick<DeviceManager, 'summary' | 'discoveryStatus' | 'healthHistory'>;
  credentials: Pick<KioskCredentialsStore, 'load'>;
}

const SECRET_KEY = /token|secret|password|passwd|key|pin|credential/i;

/** The config with every secret-looking value and any password in a URL replaced. */
export function redactConfig(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key) && !/keySource$/i.test(key)) return '[redacted]';
    return value.replace(/\/\/([^/@\s]+)@/g, '//[redacted]@');
  }
  if (Array.isArray(value)) return value.map((v) => redactConfig(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactConfig(v, k)]));
  return value;
}

/** Row counts by state, by type and, for money-moving types, by the bank's answer: statistics, never contents. */
export async function outboxCounts(db: Pick<SqliteDb, 'all'>): Promise<DiagResult['outboxStats']> {
  const byState = await db.all<{ k: string; n: number }>('SELECT state AS k, COUNT(*) AS n FROM outbox GROUP BY state');
  const byType = await db.all<{ k: string; n: number }>('SELECT type AS k, COUNT(*) AS n FROM outbox GROUP BY type');
  const toRecord = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, r.n]));
  // A store read before its migration 5 (kioskctl diag on an older kiosk) has no answer column.
  const columns = await db.all<{ name: string }>("SELECT name FROM pragma_table_info('outbox')");
  const byAnswer = columns.some((c) => c.name === 'answer')
    ? await db.all<{ k: string; n: number }>(`SELECT type || ' ' || COALESCE(json_extract(answer, '$.outcome'), 'unanswered') AS k, COUNT(*) AS n FROM outbox WHERE type IN (SELECT DISTINCT type FROM outbox WHERE answer IS NOT NULL) GROUP BY k`)
    : [];
  return { byState: toRecord(byState), byType: toRecord(byType), byAnswer: toRecord(byAnswer) };
}

export function hostDiagnostics(deps: HostDiagnosticsDeps): { status(): Promise<StatusResult>; diag(): Promise<DiagResult> } {
  const status = async (): Promise<StatusResult> => {
    const link = deps.sync.current();
    const stats = await deps.outbox.stats();
    const dead = await deps.outbox.rejected(20);
    const enrolled = await deps.credentials.load().then(
      (c) => c !== null,
      () => false,
    );
    return {
      kioskId: deps.config.kioskId,
      version: deps.version,
      startedAt: deps.startedAt,
      hub: { url: deps.config.hubUrl, online: link.online, lastSyncAt: link.lastSyncAt, enrolled },
      outbox: {
        backlog: stats.pending,
        oldestPendingAt: stats.oldestPendingAt,
        deadLetters: stats.rejected,
        recentDeadLetters: dead.map((r) => ({ id: r.id, seq: r.seq, type: r.type, createdAt: r.createdAt, code: r.rejectCode, reason: r.rejectReason })),
      },
      devices: deps.devices.summary(),
      discovery: deps.devices.discoveryStatus(),
    };
  };
  return {
    status,
    diag: async () => ({
      status: await status(),
      config: redactConfig(deps.config) as Record<string, unknown>,
      deviceHealthHistory: [...deps.devices.healthHistory()],
      outboxStats: await outboxCounts(deps.db),
      logDir: path.join(deps.config.dataDir, LOG_DIR),
    }),
  };
}
