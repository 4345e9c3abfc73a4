// The hub's version is a constant (no JSON import for bundlers), so these tests are what keep
// it true: it is the release's version everywhere npm records one, and it is what /health
// tells load balancers, kiosks and `kioskctl status`, healthy or not.
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { healthResponseSchema } from '../protocol/hub-api.js';
import { registerHealthRoute } from './routes/health.js';
import type { HubStore } from './storage/hub-store.js';
import { HUB_VERSION } from './version.js';

// semver.org's recommended pattern (SemVer 2.0.0), anchored.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const packageSchema = z.object({ name: z.string(), version: z.string() });
const lockSchema = z.object({ name: z.string(), version: z.string(), packages: z.object({ '': packageSchema }) });
const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(new URL(`../${file}`, import.meta.url), 'utf8'));

describe('HUB_VERSION', () => {
  it('is a SemVer 2.0 version', () => {
    expect(HUB_VERSION).toMatch(SEMVER);
  });

  it('is the version of package.json and of both root entries of package-lock.json', async () => {
    const pkg = packageSchema.parse(await readJson('package.json'));
    const lock = lockSchema.parse(await readJson('package-lock.json'));
    expect({ pkg: pkg.version, lock: lock.version, lockRoot: lock.packages[''].version }).toEqual({ pkg: HUB_VERSION, lock: HUB_VERSION, lockRoot: HUB_VERSION });
    expect([lock.name, lock.packages[''].name]).toEqual([pkg.name, pkg.name]);
  });
});

describe('GET /health', () => {
  async function healthWith(ping: () => Promise<void>) {
    const store = { dbKind: 'postgres', ping } satisfies Pick<HubStore, 'dbKind' | 'ping'>;
    const app = Fastify();
    // The route reads only these two members of the store.
    registerHealthRoute(app, store as unknown as HubStore);
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      return { status: res.statusCode, body: healthResponseSchema.parse(res.json()) };
    } finally {
      await app.close();
    }
  }

  it('reports the package version while the database answers', async () => {
    const { version } = packageSchema.parse(await readJson('package.json'));
    expect(await healthWith(async () => undefined)).toEqual({ status: 200, body: { status: 'ok', db: 'postgres', version } });
  });

  it('still reports it when degraded, so a failing hub can be told apart by version', async () => {
    const { version } = packageSchema.parse(await readJson('package.json'));
    const down = await healthWith(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    expect(down).toEqual({ status: 503, body: { status: 'degraded', db: 'postgres', version } });
  });
});
