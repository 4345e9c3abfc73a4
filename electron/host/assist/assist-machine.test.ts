import { describe, expect, it, vi } from 'vitest';
import type { AssistState } from '../../bridge/assist-contract.js';
import { AssistMachine, callOf, canMove } from './assist-machine.js';

const SESSION = '5b0e4a4e-6f43-4d4e-9f57-6a1c8f6f0001';
const REQUEST = '5b0e4a4e-6f43-4d4e-9f57-6a1c8f6f0002';
const call = { sessionId: SESSION, requestId: REQUEST, expert: { displayName: 'Li Wei' }, iceServers: [] };

function machine() {
  const log = { info: vi.fn(), debug: vi.fn(), warn: vi.fn() };
  const changes: { seq: number; phase: string; from: string }[] = [];
  const m = new AssistMachine(log, (status, previous) => changes.push({ seq: status.seq, phase: status.state.phase, from: previous.phase }));
  return { m, log, changes };
}

describe('assist call state machine', () => {
  it('walks idle → requesting → waiting → connecting → in-call → ended → idle, logging old → new', () => {
    const { m, log, changes } = machine();
    const steps: AssistState[] = [
      { phase: 'requesting' },
      { phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 90 },
      { phase: 'connecting', ...call },
      { phase: 'in-call', ...call },
      { phase: 'ended', reason: 'completed', sessionId: SESSION, rateable: true },
      { phase: 'idle' },
    ];
    for (const step of steps) expect(m.set(step, 'test')).toBe(true);
    expect(changes.map((c) => `${c.from}→${c.phase}#${c.seq}`)).toEqual([
      'idle→requesting#1',
      'requesting→waiting#2',
      'waiting→connecting#3',
      'connecting→in-call#4',
      'in-call→ended#5',
      'ended→idle#6',
    ]);
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ from: 'connecting', to: 'in-call', sessionId: SESSION }), 'assist: connecting → in-call');
  });

  it('refuses moves the table does not allow, and leaves the state and sequence alone', () => {
    const { m, log, changes } = machine();
    expect(m.set({ phase: 'in-call', ...call }, 'bogus')).toBe(false);
    expect(m.status()).toEqual({ seq: 0, state: { phase: 'idle' } });
    expect(changes).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ from: 'idle', to: 'in-call' }), 'assist: refused idle → in-call');
    expect(canMove('waiting', 'in-call')).toBe(false);
    expect(canMove('ended', 'waiting')).toBe(false);
  });

  it('lets any phase go to idle (the session was wiped)', () => {
    for (const from of ['requesting', 'waiting', 'connecting', 'in-call', 'reconnecting', 'ended'] as const) expect(canMove(from, 'idle')).toBe(true);
  });

  it('logs same-phase updates (queue position) at debug, not info', () => {
    const { m, log } = machine();
    m.set({ phase: 'requesting' }, 'asked');
    m.set({ phase: 'waiting', requestId: REQUEST, position: 3, expectedWaitSec: 120 }, 'queued');
    log.info.mockClear();
    m.set({ phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 60 }, 'moved up');
    expect(log.info).not.toHaveBeenCalled();
    expect(log.debug).toHaveBeenCalledWith(expect.objectContaining({ from: 'waiting', to: 'waiting' }), 'assist: waiting → waiting');
    expect(m.status().seq).toBe(3);
  });

  it('keeps the call of a reconnecting state', () => {
    const reconnecting: AssistState = { phase: 'reconnecting', from: { phase: 'in-call', ...call }, attempt: 1 };
    expect(callOf(reconnecting)?.sessionId).toBe(SESSION);
    expect(callOf({ phase: 'reconnecting', from: { phase: 'requesting' }, attempt: 0 })).toBeNull();
    expect(callOf({ phase: 'ended', reason: 'completed', sessionId: SESSION, rateable: true })).toBeNull();
  });
});
