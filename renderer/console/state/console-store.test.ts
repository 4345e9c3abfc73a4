import { describe, expect, it } from 'vitest';
import { ConsoleStore } from './console-store.js';

describe('console store', () => {
  it('changes phase only along the machine, logging old → new and refusals', () => {
    const lines: string[] = [];
    const store = new ConsoleStore('en', (line) => lines.push(line));
    expect(store.setPhase('in-call', 'bogus')).toBe(false);
    expect(store.getSnapshot().phase).toBe('signed-out');
    expect(store.setPhase('connecting', 'signed in')).toBe(true);
    expect(store.setPhase('ready', 'hello')).toBe(true);
    expect(lines).toEqual(['console: refused phase signed-out → in-call (bogus)', 'console: signed-out → connecting (signed in)', 'console: connecting → ready (hello)']);
  });

  it('notifies subscribers with a new snapshot object on every change', () => {
    const store = new ConsoleStore('en', () => undefined);
    const seen: unknown[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.getSnapshot()));
    const before = store.getSnapshot();
    store.update({ locale: 'zh-CN' });
    unsubscribe();
    store.update({ locale: 'en' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(before);
  });
});
