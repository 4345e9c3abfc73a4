// PGlite and PostgreSQL speak the same SQL, so the hub's storage is written once against
// this interface and each engine only supplies an adapter.
import type { DbKind } from '../../protocol/hub-api.js';

export interface Queryable {
  /** One statement with `$1…` parameters. */
  query<T>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Several statements, no parameters: migrations. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DbKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * For single-statement writes whose last few hundred milliseconds a database crash may
   * lose — replay-protection nonces, read again only within minutes — committed without
   * waiting for the WAL flush. Absent: use the database itself.
   */
  readonly relaxed?: Queryable;
  close(): Promise<void>;
}
