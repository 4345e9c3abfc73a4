// The throwaway cluster `npm test` starts when no PostgreSQL answers (as root, as CI is).
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTestPostgres, postgresAnswers, type TestPostgres } from './test-postgres.mjs';

type Provided = TestPostgres | null;

describe('test PostgreSQL provisioning', () => {
  let pg: Provided = null;
  afterAll(() => pg?.stop());

  it('uses a server that answers, and provides none', async () => {
    const url = process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const got = await ensureTestPostgres({ url, mayProvide: true, log: () => undefined });
    expect(got).toMatchObject({ url, provided: false });
  });

  it('starts a private cluster on a free port when nothing answers, and removes it on stop', async () => {
    const dead = 'postgres://postgres@127.0.0.1:1/test';
    expect(await postgresAnswers(dead, 500)).toBe(false);
    pg = await ensureTestPostgres({ url: dead, mayProvide: true, log: () => undefined });
    expect(pg?.provided).toBe(true);
    expect(pg!.url).not.toBe(dead);
    expect(await postgresAnswers(pg!.url)).toBe(true);
    pg!.stop();
    expect(await postgresAnswers(pg!.url, 500)).toBe(false);
    pg = null;
  });

  it('never replaces a URL the user chose: prints what to do instead', async () => {
    const errors: string[] = [];
    const orig = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      const got = await ensureTestPostgres({ url: 'postgres://postgres@127.0.0.1:1/test', mayProvide: false, log: () => undefined });
      expect(got).toBeNull();
    } finally {
      console.error = orig;
    }
    expect(errors.join('\n')).toMatch(/No PostgreSQL answers at postgres:\/\/postgres@127\.0\.0\.1:1\/test[\s\S]*HUB_TEST_DATABASE_URL=/);
  });
});
