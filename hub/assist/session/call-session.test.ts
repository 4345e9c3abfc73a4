import { expect, it } from 'vitest';
import { CallSession, type CallStateChange } from './call-session.js';

const identity = { sessionId: 's1', requestId: 'r1', kioskId: 'K1', staffId: 'e1', startedAt: 0 };

function session() {
  const changes: CallStateChange[] = [];
  return { call: new CallSession(identity, (c) => changes.push(c)), changes };
}

it('goes reconnecting while any party is away and back to active when all are back', () => {
  const { call, changes } = session();
  call.partyLeft('kiosk');
  call.partyLeft('expert');
  call.partyBack('kiosk');
  expect(call.state).toBe('reconnecting');
  expect(call.isAway('expert')).toBe(true);
  call.partyBack('expert');
  expect(call.state).toBe('active');
  expect(changes.map((c) => `${c.from}→${c.to} (${c.cause})`)).toEqual([
    'active→reconnecting (kiosk disconnected)',
    'reconnecting→active (expert reconnected)',
  ]);
});

it('reports every change through the one listener and stays ended', () => {
  const { call, changes } = session();
  call.end('completed');
  call.partyLeft('kiosk');
  call.partyBack('kiosk');
  call.end('again');
  expect(call.state).toBe('ended');
  expect(changes).toEqual([{ sessionId: 's1', from: 'active', to: 'ended', cause: 'completed' }]);
});
