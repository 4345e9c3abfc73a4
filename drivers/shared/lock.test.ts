import { describe, expect, it } from 'vitest';
import { createSerialLock } from './lock.js';

describe('serial lock', () => {
  it('runs tasks one at a time, in order, and survives a failing task', async () => {
    const lock = createSerialLock();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms);
      });
    const a = lock.run(task('a', 20));
    const b = lock.run(task('b', 1, true));
    const c = lock.run(task('c', 1));
    expect(lock.busy).toBe(true);
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(lock.busy).toBe(false);
  });
});
