// PGlite and PostgreSQL speak the same SQL, so the hub's storage is written once against
// this interface and each engine only supplies an adapter.
import type { DbKind } from '../../protocol/hub-api.js';

/**
 * A statement the hub runs for nearly every kiosk request (a pull, the nonce of every signed
 * request). PostgreSQL prepares it once per connection under `name` and runs it from then on
 * without parsing and planning it again: a pull and its nonce claim cost its server ~60% less
 * CPU that way, CPU it shares with the hub (issue 15). Other engines run the text.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

const namedTexts = new Map<string, string>();

/** Names are per connection and must each stand for one text: a second text under a name throws. */
export function namedStatement(name: string, text: string): NamedStatement {
  const known = namedTexts.get(name);
  if (known !== undefined && known !== text) throw new Error(`statement name ${name} already stands for another statement`);
  namedTexts.set(name, text);
  return Object.freeze({ name, text });
}

export type Sql = string | NamedStatement;

export const sqlText = (sql: Sql): string => (typeof sql === 'string' ? sql : sql.text);

export interface Queryable {
  /** One statement with `$1…` parameters. */
  query<T>(sql: Sql, params?: readonly unknown[]): Promise<{ rows: T[] }>;
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
