import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardRead } from '../../../drivers/card/codec/card-read.js';
import { createCardVault } from './card-vault.js';

const read = (pan: string) => new CardRead({ source: 'magstripe', pan, expiry: { year: 2030, month: 1 } });

describe('card vault', () => {
  afterEach(() => vi.useRealTimers());

  it('holds one card per role, wipes it on release, on replacement and after the TTL', () => {
    vi.useFakeTimers();
    const vault = createCardVault(1000);
    const a = read('6212345678901265');
    const refA = vault.keep('card', a);
    expect(vault.get(refA)?.pan).toBe('6212345678901265');
    const b = read('4111111111111111');
    const refB = vault.keep('card', b);
    expect(a.wiped).toBe(true);
    expect(vault.get(refA)).toBeNull();
    expect(vault.release(refB)).toBe(true);
    expect(b.wiped).toBe(true);
    expect(vault.release(refB)).toBe(false);
    const c = read('4111111111111111');
    const refC = vault.keep('chip', c);
    vi.advanceTimersByTime(1001);
    expect(vault.get(refC)).toBeNull();
    expect(c.wiped).toBe(true);
    expect(vault.size).toBe(0);
  });
});
