import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorReplies } from './error-replies.js';
import { consoleCsp, registerConsoleRoutes } from './console.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function builtConsole(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'console-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

async function appWith(dir: string) {
  const app = Fastify();
  apps.push(app);
  installErrorReplies(app);
  registerConsoleRoutes(app, { dir });
  await app.ready();
  return app;
}

describe('expert console route', () => {
  it('serves index.html at /console/ with a strict CSP and no caching', async () => {
    const app = await appWith(builtConsole());
    const res = await app.inject({ url: '/console/', headers: { host: 'hub.bank.test:8443' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>console</title>');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://hub.bank.test:8443");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('caches hashed assets for good and still sends the policy', async () => {
    const app = await appWith(builtConsole());
    const res = await app.inject({ url: '/console/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('redirects /console to /console/ and refuses paths outside the build', async () => {
    const app = await appWith(builtConsole());
    const redirect = await app.inject({ url: '/console' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/console/');
    const escape = await app.inject({ url: '/console/../../etc/passwd' });
    expect(escape.statusCode).toBe(404);
    expect(escape.body).not.toContain('root:');
  });

  it('says how to build the console when it is missing', async () => {
    const app = await appWith(path.join(os.tmpdir(), 'no-such-console-build'));
    const res = await app.inject({ url: '/console/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('build:console') });
  });

  it('uses wss behind TLS and leaves out a Host header it cannot trust', () => {
    expect(consoleCsp({ protocol: 'https', host: 'hub.bank.test' })).toContain("connect-src 'self' wss://hub.bank.test;");
    expect(consoleCsp({ protocol: 'http', host: "evil; script-src 'unsafe-inline'" })).toContain("connect-src 'self';");
  });
});
