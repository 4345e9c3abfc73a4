import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../../../protocol/luhn.js';
import { loadConfig } from '../../config.js';
import { updateConfig, type ConfigTarget } from './config-update.js';
import { buildBundle, maskCardNumbers } from './diagnostics-bundle.node.js';
import { applyPatch, checkPatched, mergePatch } from './remote-config.node.js';

function target(healthAfter: number, over: Partial<ConfigTarget> = {}) {
  const applied: unknown[] = [];
  const persisted: unknown[] = [];
  let calls = 0;
  const t: ConfigTarget = {
    problem: () => null,
    apply: (patch) => (applied.push(patch), { logLevel: 'info' }),
    persist: async (patch) => void persisted.push(patch),
    health: async () => (calls++ === 0 ? 2 : healthAfter),
    wait: async () => undefined,
    settleMs: 0,
    ...over,
  };
  return { t, applied, persisted };
}

describe('remote configuration update', () => {
  it('applies and keeps a valid patch when the host stays as healthy', async () => {
    const { t, applied, persisted } = target(2);
    expect(await updateConfig({ logLevel: 'debug', ui: { idleTimeoutMs: 90_000 } }, t)).toMatchObject({ outcome: 'succeeded', detail: { keys: 'logLevel,ui.idleTimeoutMs' } });
    expect(applied).toHaveLength(1);
    expect(persisted).toHaveLength(1);
  });

  it('rolls back when the host is less healthy after the change, and keeps nothing', async () => {
    const { t, applied, persisted } = target(1);
    expect(await updateConfig({ logLevel: 'trace' }, t)).toMatchObject({ outcome: 'failed', reason: 'unhealthy-rolled-back' });
    expect(applied).toEqual([{ logLevel: 'trace' }, { logLevel: 'info' }]);
    expect(persisted).toHaveLength(0);
  });

  it('refuses what its schema or the whole configuration would not accept, before touching anything', async () => {
    const { t, applied } = target(2);
    expect(await updateConfig({ hubUrl: 'https://evil.example' }, t)).toMatchObject({ outcome: 'refused', reason: 'invalid-config' });
    expect(await updateConfig({ ui: { idleTimeoutMs: 1 } }, t)).toMatchObject({ outcome: 'refused', reason: 'invalid-config', detail: { problem: 'ui.idleTimeoutMs' } });
    const config = loadConfig({ env: {}, file: null, overrides: { dataDir: '/tmp/x' } });
    expect(checkPatched(config, { ui: { idleWarningMs: 100_000, idleTimeoutMs: 60_000 } })).toMatch(/idleWarningMs/);
    expect(await updateConfig({ ui: { idleWarningMs: 100_000 } }, { ...t, problem: (p) => checkPatched(config, p) })).toMatchObject({ reason: 'invalid-config' });
    expect(applied).toHaveLength(0);
  });

  it('applyPatch changes the live config and returns the undo', () => {
    const config = loadConfig({ env: {}, file: null, overrides: { dataDir: '/tmp/x' } });
    const log = { level: 'info' };
    const before = config.ui.idleTimeoutMs;
    const undo = applyPatch(config, log, { logLevel: 'debug', ui: { idleTimeoutMs: 120_000 } });
    expect([config.ui.idleTimeoutMs, config.logLevel, log.level]).toEqual([120_000, 'debug', 'debug']);
    applyPatch(config, log, undo);
    expect([config.ui.idleTimeoutMs, config.logLevel]).toEqual([before, 'info']);
    expect(mergePatch({ ui: { idleTimeoutMs: 1 } }, { ui: { defaultLocale: 'en' } })).toEqual({ ui: { idleTimeoutMs: 1, defaultLocale: 'en' } });
  });
});

describe('diagnostics bundle', () => {
  const pan = (() => {
    const partial = '411111111111111';
    return partial + luhnCheckDigit(partial);
  })();

  it('masks card numbers and secret-named fields, keeps other numbers', () => {
    expect(maskCardNumbers(`card ${pan} order 1234567890123`)).toBe('card 411111******1111 order 1234567890123');
    const bundle = buildBundle({ config: { hubToken: 'abc', note: `seen ${pan}` } }, [`{"msg":"read ${pan}"}`], new Date('2026-12-04T10:00:00Z'));
    const text = JSON.stringify(bundle);
    expect(text).not.toContain(pan);
    expect(text).not.toContain('abc');
    expect(bundle.truncated).toBe(false);
  });

  it('stays under the size limit by dropping the oldest log lines', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `{"i":${i},"msg":"${'x'.repeat(500)}"}`);
    const bundle = buildBundle({ version: '1' }, lines, new Date(), 64 * 1024);
    expect(Buffer.byteLength(JSON.stringify(bundle))).toBeLessThanOrEqual(64 * 1024);
    expect(bundle.truncated).toBe(true);
    expect(bundle.logLines.at(-1)).toContain('"i":1999');
  });
});
