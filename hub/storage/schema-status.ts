// Whether the database carries every migration this hub knows: /ready says no until it does
// (an instance started against a database another instance is still migrating).
import { migrations } from './migrations.js';
import type { Queryable } from './queryable.js';

export async function schemaStatus(db: Queryable): Promise<{ applied: number; expected: number; current: boolean }> {
  const { rows } = await db.query<{ v: unknown }>('SELECT COALESCE(max(version), 0) AS v FROM schema_migrations');
  const applied = Number(rows[0]?.v ?? 0);
  const expected = migrations.length;
  return { applied, expected, current: applied >= expected };
}
