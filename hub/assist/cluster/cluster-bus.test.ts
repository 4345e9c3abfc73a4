import { expect, it } from 'vitest';
import { InProcessNetwork, subjectMatches, subjectToken } from './cluster-bus.js';

it('matches subjects as NATS does: * one token, > the rest', () => {
  expect(subjectMatches('assist.party.kiosk.K1', 'assist.party.kiosk.K1')).toBe(true);
  expect(subjectMatches('assist.party.*.K1', 'assist.party.staff.K1')).toBe(true);
  expect(subjectMatches('assist.>', 'assist.party.kiosk.K1')).toBe(true);
  expect(subjectMatches('assist.>', 'assist')).toBe(false);
  expect(subjectMatches('assist.party.kiosk', 'assist.party.kiosk.K1')).toBe(false);
  expect(subjectMatches('assist.party.kiosk.K1', 'assist.party.kiosk')).toBe(false);
});

it('turns ids with dots, wildcards or spaces into one safe subject token', () => {
  expect(subjectToken('K-0101_a')).toBe('K-0101_a');
  for (const id of ['a.b', 'x*', 'y>', 'with space', '柜台1']) expect(subjectToken(id)).toMatch(/^~[A-Za-z0-9_-]+$/);
  expect(subjectToken('a.b')).not.toBe(subjectToken('a_b'));
});

it('delivers between instances of one process, later and as copies, and stops after unsubscribe or close', async () => {
  const net = new InProcessNetwork();
  const a = net.bus('A');
  const b = net.bus('B');
  const got: unknown[] = [];
  const sub = b.subscribe('assist.party.kiosk.*', (message, subject) => got.push({ message, subject }));
  const sent = { t: 'deliver', n: 1 };
  a.publish('assist.party.kiosk.K1', sent);
  expect(got).toEqual([]);
  await a.flush();
  expect(got).toEqual([{ message: sent, subject: 'assist.party.kiosk.K1' }]);
  expect((got[0] as { message: unknown }).message).not.toBe(sent);
  sub.unsubscribe();
  a.publish('assist.party.kiosk.K1', sent);
  await a.flush();
  expect(got).toHaveLength(1);
  b.subscribe('assist.x', () => got.push('x'));
  await b.close();
  a.publish('assist.x', {});
  await a.flush();
  expect(got).toHaveLength(1);
});

it('probes: false at once when nobody listens, true when a listener answers; durable publishes are kept', async () => {
  const net = new InProcessNetwork();
  const a = net.bus('A');
  const b = net.bus('B');
  expect(await a.probe('assist.call.s1', {})).toBe(false);
  b.subscribe('assist.call.s1', (_message, _subject, reply) => reply?.());
  expect(await a.probe('assist.call.s1', {})).toBe(true);
  await a.publishDurable('assist.durable.sla.breach', { from: 'A' });
  expect(net.durable).toEqual([{ subject: 'assist.durable.sla.breach', message: { from: 'A' } }]);
});
