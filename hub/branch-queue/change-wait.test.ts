import { describe, expect, it } from 'vitest';
import { BranchChanges } from './change-wait.js';

describe('waiting for a branch queue change', () => {
  it('answers at once when the version is already newer', async () => {
    const changes = new BranchChanges();
    expect(await changes.waitFor('B', async () => true, { timeoutMs: 5000, pollMs: 1000 })).toBe(true);
  });

  it('wakes on a notify for its branch, not for another', async () => {
    const changes = new BranchChanges();
    let version = 0;
    const started = Date.now();
    const waiting = changes.waitFor('B', async () => version > 0, { timeoutMs: 5000, pollMs: 4000 });
    await new Promise((r) => setTimeout(r, 20));
    expect(changes.waiting('B')).toBe(1);
    changes.notify('other');
    version = 1;
    changes.notify('B');
    expect(await waiting).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(changes.waiting('B')).toBe(0);
  });

  it('sees a change made elsewhere by polling, and gives up at the timeout', async () => {
    const changes = new BranchChanges();
    let version = 0;
    setTimeout(() => (version = 1), 50);
    expect(await changes.waitFor('B', async () => version > 0, { timeoutMs: 2000, pollMs: 30 })).toBe(true);
    const started = Date.now();
    expect(await changes.waitFor('B', async () => false, { timeoutMs: 120, pollMs: 50 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(changes.waiting('B')).toBe(0);
  });
});
