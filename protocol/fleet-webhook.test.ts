import { describe, expect, it } from 'vitest';
import { webhookSettingsRequestSchema, webhookUrlSchema } from './fleet-webhook.js';

describe('alert webhook settings', () => {
  it('takes https anywhere and http only to 127.0.0.1; anything else is refused, never thrown', () => {
    for (const good of ['https://tickets.bank.example/hook', 'https://10.0.0.5:8443/x?y=1', 'http://127.0.0.1:9999/hook']) expect(webhookUrlSchema.safeParse(good).success, good).toBe(true);
    for (const bad of ['not a url', '', 'http://', 'http://tickets.bank.example/hook', 'http://localhost/hook', 'ftp://127.0.0.1/x', 'https://user:pw@tickets.bank.example/', `https://x.example/${'a'.repeat(500)}`]) {
      expect(webhookUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('a secret of 16 characters or more, optional (kept); kinds known, once each, at least one', () => {
    const base = { url: 'https://tickets.bank.example/hook', kinds: ['kiosk-offline'], enabled: true };
    expect(webhookSettingsRequestSchema.safeParse(base).success).toBe(true);
    expect(webhookSettingsRequestSchema.safeParse({ ...base, secret: 'x'.repeat(16) }).success).toBe(true);
    expect(webhookSettingsRequestSchema.safeParse({ ...base, secret: 'x'.repeat(15) }).success).toBe(false);
    expect(webhookSettingsRequestSchema.safeParse({ ...base, kinds: [] }).success).toBe(false);
    expect(webhookSettingsRequestSchema.safeParse({ ...base, kinds: ['kiosk-offline', 'kiosk-offline'] }).success).toBe(false);
    expect(webhookSettingsRequestSchema.safeParse({ ...base, kinds: ['coffee-empty'] }).success).toBe(false);
  });
});
