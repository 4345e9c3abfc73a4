import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('host config', () => {
  it('has working defaults and takes environment overrides', () => {
    const cfg = loadConfig({ env: { BRANCH_KIOSK_ID: 'K07', BRANCH_KIOSK_HUB_URL: '' }, file: null });
    expect(cfg.kioskId).toBe('K07');
    expect(cfg.hubUrl).toBeNull();
    expect(cfg.ui.defaultLocale).toBe('zh-CN');
    expect(cfg.ui.idleTimeoutMs).toBeGreaterThan(cfg.ui.idleWarningMs);
  });

  it('gives the customer at least 20 s to answer the idle prompt, which comes after 45 s (issue 12 #9, WCAG 2.2.1)', () => {
    const { ui } = loadConfig({ env: { BRANCH_KIOSK_HUB_URL: '' }, file: null });
    expect(ui.idleWarningMs).toBeGreaterThanOrEqual(20_000);
    expect(ui.idleTimeoutMs - ui.idleWarningMs).toBe(45_000);
  });

  it('names the bad key of a config file', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-cfg-')), 'kiosk.json');
    writeFileSync(file, JSON.stringify({ devices: [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: 'p1', port: 99999 } }] }));
    expect(() => loadConfig({ env: {}, file })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, file })).toThrow(/devices\[receipt\]\.transport\.port/);
    writeFileSync(file, JSON.stringify({ devices: [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } }, { role: 'receipt', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } }] }));
    expect(() => loadConfig({ env: {}, file })).toThrow(/configured twice/);
    writeFileSync(file, JSON.stringify({ kioskID: 'typo' }));
    expect(() => loadConfig({ env: {}, file })).toThrow(/kioskID/);
  });

  it('reports an unreadable file clearly', () => {
    expect(() => loadConfig({ env: {}, file: '/nonexistent/kiosk.json' })).toThrow(/cannot read kiosk configuration/);
  });
});
