import { expect, it } from 'vitest';
import { ExpertRoster, type ExpertStateChange } from './expert-roster.js';

const profile = { staffId: 'e1', displayName: 'Li', role: 'expert' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };

it('changes state only through setState, logging each change and tracking the call', () => {
  let now = 1000;
  const changes: ExpertStateChange[] = [];
  const roster = new ExpertRoster(() => now, (c) => changes.push(c));
  const entry = roster.upsert(profile);
  expect(entry).toMatchObject({ state: 'offline', wantsCalls: false });
  entry.wantsCalls = true;
  roster.setState('e1', roster.idleState('e1'), 'connected');
  now = 5000;
  roster.setState('e1', 'in-call', 'accepted', 's1');
  expect(roster.get('e1')).toMatchObject({ state: 'in-call', sessionId: 's1', since: 5000 });
  roster.setState('e1', 'available', 'call ended');
  expect(roster.get('e1')?.sessionId).toBeUndefined();
  expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['offline→available', 'available→in-call', 'in-call→available']);
  expect(() => roster.setState('nobody', 'away', 'x')).toThrow(/not on the roster/);
});

it('forgets the wish for calls when the expert goes offline', () => {
  const roster = new ExpertRoster(() => 0, () => undefined);
  roster.upsert(profile).wantsCalls = true;
  roster.setState('e1', 'offline', 'grace expired');
  expect(roster.idleState('e1')).toBe('away');
  expect(roster.online()).toEqual([]);
});
