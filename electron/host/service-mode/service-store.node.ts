// Service mode's records in the kiosk store: the audit trail (each row also queued as a
// `kiosk.audit.service` outbox transaction, in the same local transaction, so the hub sees
// exactly what the kiosk recorded), device test results, and the PIN lockout state.
import { v7 as uuidv7 } from 'uuid';
import type { DeviceTest, TestResult } from '../../bridge/service-contract.js';
import type { Outbox } from '../outbox.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import { initialLockout, type LockoutState } from './lockout.js';

export const SERVICE_AUDIT_TYPE = 'kiosk.audit.service';

export type AuditAction = 'enter' | 'enter-refused' | 'test' | 'logs' | 'restart' | 'leave' | 'expired' | 'replaced' | 'remote-command';

export interface AuditEntry {
  action: AuditAction;
  outcome: string;
  technician: string | null;
  sessionId: string | null;
  /** Codes and counts only: never a PIN, a code, a card number or log text. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRow extends Required<AuditEntry> {
  id: string;
  at: string;
}

interface AuditDbRow {
  id: string;
  at: string;
  action: AuditAction;
  outcome: string;
  technician: string | null;
  session_id: string | null;
  detail: string;
}

interface TestDbRow {
  id: string;
  test: DeviceTest;
  role: string | null;
  outcome: TestResult['outcome'];
  reason: string | null;
  technician: string;
  finished_at: string;
  duration_ms: number;
}

const toResult = (r: TestDbRow): TestResult => ({ id: r.id, test: r.test, role: r.role, outcome: r.outcome, reason: r.reason, technician: r.technician, at: r.finished_at, durationMs: r.duration_ms });

export class ServiceStore {
  constructor(
    private readonly deps: {
      db: SqliteDb;
      outbox: Outbox;
      kioskId: string;
      branchId: string;
      /** Wakes the sync engine after a committed audit row. */
      onEnqueued: () => void;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  async audit(entry: AuditEntry): Promise<AuditRow> {
    const { db, outbox, kioskId, branchId } = this.deps;
    const row: AuditRow = { id: uuidv7(), at: this.now().toISOString(), detail: {}, ...entry };
    await db.transaction(async () => {
      await db.run('INSERT INTO service_audit (id, at, action, outcome, technician, session_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        row.id,
        row.at,
        row.action,
        row.outcome,
        row.technician,
        row.sessionId,
        JSON.stringify(row.detail),
      ]);
      // Audit is not a customer transaction: offline rules and back-pressure must not drop it.
      await outbox.insert(SERVICE_AUDIT_TYPE, { auditId: row.id, at: row.at, kioskId, branchId, action: row.action, outcome: row.outcome, technician: row.technician, sessionId: row.sessionId, detail: row.detail }, { bypassAdmission: true });
    });
    this.deps.onEnqueued();
    return row;
  }

  async auditTrail(limit = 100): Promise<AuditRow[]> {
    const rows = await this.deps.db.all<AuditDbRow>('SELECT id, at, action, outcome, technician, session_id, detail FROM service_audit ORDER BY at DESC, id DESC LIMIT ?', [limit]);
    return rows.map((r) => ({ id: r.id, at: r.at, action: r.action, outcome: r.outcome, technician: r.technician, sessionId: r.session_id, detail: JSON.parse(r.detail) as AuditRow['detail'] }));
  }

  async recordTest(t: { test: DeviceTest; role: string | null; outcome: TestResult['outcome']; reason: string | null; technician: string; sessionId: string; startedAt: Date; durationMs: number }): Promise<TestResult> {
    const finished = new Date(t.startedAt.getTime() + t.durationMs);
    const row: TestDbRow = { id: uuidv7(), test: t.test, role: t.role, outcome: t.outcome, reason: t.reason, technician: t.technician, finished_at: finished.toISOString(), duration_ms: t.durationMs };
    await this.deps.db.run(
      'INSERT INTO service_test_results (id, test, role, outcome, reason, technician, session_id, started_at, finished_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [row.id, row.test, row.role, row.outcome, row.reason, row.technician, t.sessionId, t.startedAt.toISOString(), row.finished_at, row.duration_ms],
    );
    return toResult(row);
  }

  /** The newest result of each test. */
  async lastResults(): Promise<Map<DeviceTest, TestResult>> {
    const rows = await this.deps.db.all<TestDbRow>(
      `SELECT id, test, role, outcome, reason, technician, finished_at, duration_ms FROM service_test_results r
       WHERE id = (SELECT id FROM service_test_results WHERE test = r.test ORDER BY finished_at DESC, id DESC LIMIT 1)`,
    );
    return new Map(rows.map((r) => [r.test, toResult(r)]));
  }

  async lockout(): Promise<LockoutState> {
    const row = await this.deps.db.get<{ failures: number; lockouts: number; locked_until: string | null; last_totp_step: number | null }>(
      'SELECT failures, lockouts, locked_until, last_totp_step FROM service_lockout WHERE id = 1',
    );
    if (!row) return initialLockout;
    return { failures: row.failures, lockouts: row.lockouts, lockedUntil: row.locked_until ? Date.parse(row.locked_until) : null, lastTotpStep: row.last_totp_step };
  }

  async saveLockout(s: LockoutState): Promise<void> {
    await this.deps.db.run(
      `INSERT INTO service_lockout (id, failures, lockouts, locked_until, last_totp_step, updated_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts, locked_until = excluded.locked_until,
         last_totp_step = excluded.last_totp_step, updated_at = excluded.updated_at`,
      [s.failures, s.lockouts, s.lockedUntil === null ? null : new Date(s.lockedUntil).toISOString(), s.lastTotpStep, this.now().toISOString()],
    );
  }
}
