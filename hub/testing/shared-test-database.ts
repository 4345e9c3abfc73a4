// Lets several contract suites of one test file share a database. Call it at the top
// level of the test file: the database opens on first use and closes once, after every
// suite of the file (a suite's own dispose() does nothing).
import { afterAll } from 'vitest';
import type { TestDatabase } from './test-databases.node.js';

export function sharedTestDatabase(open: () => Promise<TestDatabase>): () => Promise<TestDatabase> {
  let opening: Promise<TestDatabase> | null = null;
  afterAll(async () => {
    if (opening) await (await opening).dispose();
  });
  return async () => {
    opening ??= open();
    const shared = await opening;
    return { db: shared.db, dispose: async () => undefined };
  };
}
