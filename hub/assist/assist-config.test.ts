import { expect, it } from 'vitest';
import { assistConfigFromEnv, DEFAULT_ASSIST_CONFIG } from './assist-config.js';
import { DEFAULT_PRIORITY_POLICY } from './queue/priority.js';
import { DEFAULT_SLA_RULES } from './sla/sla-rules.js';

it('defaults to no TURN, 30 s grace, the default SLA and priority policy', () => {
  expect(DEFAULT_ASSIST_CONFIG).toMatchObject({ turn: { urls: [], ttlSec: 7200 }, graceSec: 30, slaRules: DEFAULT_SLA_RULES, priority: DEFAULT_PRIORITY_POLICY, staffSessionTtlSec: 28_800 });
});

it('reads TURN URLs, secret, SLA rules and priority overrides', () => {
  const config = assistConfigFromEnv({
    HUB_TURN_URLS: 'turn:10.0.0.5:3478?transport=udp, stun:10.0.0.5:3478',
    HUB_TURN_SECRET: 'a-long-shared-secret',
    HUB_TURN_TTL_SEC: '900',
    HUB_ASSIST_SLA_RULES: '[{"id":"vip-answer","kind":"answer","withinSec":10,"match":{"priorityClasses":["vip"]}}]',
    HUB_ASSIST_PRIORITY: '{"headStartSec":{"vip":200},"agingPerSec":2}',
    HUB_ASSIST_GRACE_SEC: '',
  });
  expect(config.turn).toEqual({ urls: ['turn:10.0.0.5:3478?transport=udp', 'stun:10.0.0.5:3478'], secret: 'a-long-shared-secret', ttlSec: 900 });
  expect(config.slaRules).toEqual([{ id: 'vip-answer', kind: 'answer', withinSec: 10, match: { priorityClasses: ['vip'] } }]);
  expect(config.priority).toEqual({ headStartSec: { ...DEFAULT_PRIORITY_POLICY.headStartSec, vip: 200 }, agingPerSec: 2 });
  expect(config.graceSec).toBe(30);
});

it('lists every problem by name without echoing secrets', () => {
  const attempt = () => assistConfigFromEnv({ HUB_TURN_URLS: 'http://x', HUB_TURN_SECRET: 'short', HUB_ASSIST_SLA_RULES: '{oops' });
  expect(attempt).toThrow(/HUB_TURN_URLS.*HUB_TURN_SECRET.*HUB_ASSIST_SLA_RULES/);
  expect(attempt).not.toThrow(/short/);
});
