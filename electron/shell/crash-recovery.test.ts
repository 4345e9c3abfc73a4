import { describe, expect, it } from 'vitest';
import { CrashRecovery, type TimersLike } from './crash-recovery.js';
import { memoryLogger } from './fake-electron.js';

/** A manual clock and timer queue: time moves only when the test says so. */
function manualTime() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: TimersLike = {
    setTimeout: (fn, ms) => {
      pending.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { timers, now: () => now, advance, pendingCount: () => pending.size };
}

function setup() {
  const time = manualTime();
  const log = memoryLogger();
  let reloads = 0;
  const recovery = new CrashRecovery({ reload: () => reloads++, log, now: time.now, timers: time.timers });
  return { time, log, recovery, reloads: () => reloads };
}

describe('CrashRecovery', () => {
  it('reloads after 1 s, then 2 s, 4 s … capped at 60 s while the page keeps failing', () => {
    const { time, recovery, reloads } = setup();
    const delays: Array<number | null> = [];
    for (let i = 0; i < 9; i++) {
      delays.push(recovery.failure('render-process-gone', { reason: 'crashed' }));
      time.advance(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(reloads()).toBe(9);
  });

  it('does not reload before the delay has passed', () => {
    const { time, recovery, reloads } = setup();
    recovery.failure('render-process-gone');
    time.advance(999);
    expect(reloads()).toBe(0);
    time.advance(1);
    expect(reloads()).toBe(1);
  });

  it('starts again from 1 s once the page has been stable for five minutes', () => {
    const { time, recovery } = setup();
    for (const d of [1_000, 2_000, 4_000]) {
      expect(recovery.failure('render-process-gone')).toBe(d);
      time.advance(d);
    }
    time.advance(4 * 60_000);
    expect(recovery.failure('render-process-gone')).toBe(8_000);
    time.advance(8_000 + 5 * 60_000);
    expect(recovery.failure('render-process-gone')).toBe(1_000);
  });

  it('schedules one reload for a hang followed by the crash it announced', () => {
    const { time, recovery, reloads, log } = setup();
    expect(recovery.failure('unresponsive')).toBe(1_000);
    expect(recovery.failure('render-process-gone', { reason: 'killed' })).toBeNull();
    time.advance(60_000);
    expect(reloads()).toBe(1);
    expect(log.entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });

  it('cancels a reload scheduled for a hang when the page answers again, but not one for a crash', () => {
    const { time, recovery, reloads } = setup();
    recovery.failure('unresponsive');
    recovery.responsive();
    expect(recovery.reloadPending).toBe(false);
    time.advance(10_000);
    expect(reloads()).toBe(0);
    recovery.failure('render-process-gone');
    recovery.responsive();
    time.advance(10_000);
    expect(reloads()).toBe(1);
  });

  it('logs every failure as an incident with attempt and delay', () => {
    const { recovery, log } = setup();
    recovery.failure('render-process-gone', { reason: 'oom', exitCode: 9 });
    expect(log.entries[0]).toMatchObject({ level: 'error', obj: { incident: 'render-process-gone', reason: 'oom', exitCode: 9, attempt: 1, delayMs: 1_000 } });
  });

  it('does nothing after dispose, and drops the pending reload', () => {
    const { time, recovery, reloads } = setup();
    recovery.failure('render-process-gone');
    recovery.dispose();
    expect(recovery.failure('render-process-gone')).toBeNull();
    time.advance(120_000);
    expect(reloads()).toBe(0);
    expect(time.pendingCount()).toBe(0);
  });
});
