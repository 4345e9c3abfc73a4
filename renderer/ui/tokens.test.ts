import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Read from disk: vitest stubs CSS imports (even `?raw`) to empty strings.
const tokensCss = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

function token(name: string): string {
  const match = new RegExp(`--${name}:\\s*([^;]+);`).exec(tokensCss);
  if (!match?.[1]) throw new Error(`token --${name} missing`);
  return match[1].trim();
}

/** Base pixel size of a `calc(Npx * var(--scale))` token. */
const basePx = (name: string) => Number(/calc\((\d+)px \* var\(--scale\)\)/.exec(token(name))?.[1]);

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(fg: string, bg: string): number {
  const [a, b] = [luminance(token(fg)), luminance(token(bg))].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
}

describe('design tokens', () => {
  // Every text colour on the background the kit puts it on.
  const textPairs: [string, string][] = [
    ['color-on-primary', 'color-primary'],
    ['color-on-primary', 'color-primary-pressed'],
    ['color-primary', 'color-surface'],
    ['color-primary', 'color-primary-soft'],
    ['color-text', 'color-bg'],
    ['color-text', 'color-surface'],
    ['color-text-muted', 'color-bg'],
    ['color-text-muted', 'color-surface'],
    ['color-disabled-text', 'color-disabled-bg'],
    ['color-warning-text', 'color-warning-bg'],
    ['color-danger-text', 'color-danger-bg'],
    ['color-on-success', 'color-success'],
    ['color-success', 'color-bg'],
    ['color-on-banner', 'color-banner-bg'],
  ];

  it.each(textPairs)('%s on %s meets WCAG AA for text (4.5:1)', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['color-border', 'color-surface'],
    ['color-focus', 'color-surface'],
    ['color-focus', 'color-bg'],
  ])('%s on %s meets AA for non-text (3:1)', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(3);
  });

  it('keeps body text at 24 px or more and touch targets at 60 px or more', () => {
    expect(basePx('font-small')).toBeGreaterThanOrEqual(24);
    expect(basePx('font-body')).toBeGreaterThanOrEqual(24);
    expect(basePx('touch-min')).toBeGreaterThanOrEqual(60);
  });

  it('elder mode scales everything by about 1.3 without touching colours', () => {
    const elder = /:root\[data-elder\]\s*\{([^}]*)\}/.exec(tokensCss)?.[1] ?? '';
    expect(elder).toMatch(/--scale:\s*1\.3;/);
    expect(elder).not.toMatch(/--color/);
  });

  it('loads no remote resources', () => {
    expect(tokensCss).not.toMatch(/url\(|@import|https?:/);
    expect(token('font-family')).toMatch(/^"Noto Sans CJK SC"/);
  });
});
