// @vitest-environment jsdom
// The signature pad: a tap or a scratch is refused with the reason, a signature with enough
// ink is exported as a PNG (base64 without the data-URL prefix), Clear starts again and takes
// the signature back; the canvas is labelled and described for assistive technology.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InlineImage } from '../../../protocol/account-opening.js';
import { createKioskI18n } from '../../i18n/i18n.js';
import { inkLength, inkSpan, MIN_INK_PX, signatureProblem } from './signature-ink.js';
import { SignaturePad } from './SignaturePad.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('signature ink', () => {
  it('measures the length of the lines and their spread; a dot has none', () => {
    expect(inkLength([[{ x: 0, y: 0 }, { x: 3, y: 4 }], [{ x: 10, y: 10 }]])).toBe(5);
    expect(inkSpan([[{ x: 0, y: 0 }, { x: 30, y: 4 }], [{ x: 10, y: 50 }]])).toBe(50);
    expect(signatureProblem([])).toBe('empty');
    expect(signatureProblem([[{ x: 5, y: 5 }]])).toBe('empty');
    // Enough length but scribbled in one spot, or spread out but too short: not a signature.
    const scribble = Array.from({ length: 40 }, (_, i) => ({ x: i % 2 ? 20 : 0, y: i % 2 ? 20 : 0 }));
    expect(inkLength([scribble])).toBeGreaterThan(MIN_INK_PX);
    expect(signatureProblem([scribble])).toBe('too-small');
    expect(signatureProblem([[{ x: 0, y: 0 }, { x: 100, y: 0 }]])).toBe('too-small');
    expect(signatureProblem([[{ x: 0, y: 0 }, { x: 100, y: 40 }, { x: 200, y: 0 }]])).toBeNull();
  });
});

function renderPad() {
  const changes: (InlineImage | null)[] = [];
  const exportPng = vi.fn(() => `data:image/png;base64,${PNG}`);
  render(
    <I18nextProvider i18n={createKioskI18n('en')}>
      <SignaturePad onChange={(signature) => changes.push(signature)} exportPng={exportPng} />
    </I18nextProvider>,
  );
  return { changes, exportPng, canvas: screen.getByTestId('signature-canvas') };
}

function stroke(canvas: HTMLElement, points: [number, number][], pointerId = 1) {
  const [first, ...rest] = points;
  fireEvent.pointerDown(canvas, { pointerId, clientX: first?.[0], clientY: first?.[1] });
  for (const [x, y] of rest) fireEvent.pointerMove(canvas, { pointerId, clientX: x, clientY: y });
  fireEvent.pointerUp(canvas, { pointerId });
}

describe('SignaturePad', () => {
  it('refuses a tap and a short scratch with the reason, and exports a signature with enough ink as PNG', () => {
    const { changes, exportPng, canvas } = renderPad();
    stroke(canvas, [[50, 50]]);
    expect(screen.getByTestId('signature-problem').textContent).toBe('Please sign inside the box.');
    stroke(canvas, [[50, 50], [80, 55]]);
    expect(screen.getByTestId('signature-problem').textContent).toBe('The signature is too small. Please clear it and sign again, a little larger.');
    expect(exportPng).not.toHaveBeenCalled();
    expect(changes).toEqual([null, null]);
    // The strokes add up: the next one makes the whole a signature.
    stroke(canvas, [[80, 55], [140, 120], [220, 60]]);
    expect(screen.queryByTestId('signature-problem')).toBeNull();
    expect(screen.getByTestId('signature-done').textContent).toBe('Signed');
    expect(changes.at(-1)).toEqual({ mime: 'image/png', base64: PNG });
    expect(screen.getByTestId('signature-pad').dataset.signed).toBe('true');
  });

  it('ignores a second finger while one is drawing', () => {
    const { changes, canvas } = renderPad();
    fireEvent.pointerDown(canvas, { pointerId: 1, clientX: 10, clientY: 10 });
    fireEvent.pointerDown(canvas, { pointerId: 2, clientX: 300, clientY: 200 });
    fireEvent.pointerMove(canvas, { pointerId: 2, clientX: 600, clientY: 10 });
    fireEvent.pointerUp(canvas, { pointerId: 2 });
    expect(changes).toEqual([]);
    fireEvent.pointerUp(canvas, { pointerId: 1 });
    expect(changes).toEqual([null]);
  });

  it('Clear takes the signature back and starts again from no ink', async () => {
    const { changes, canvas } = renderPad();
    stroke(canvas, [[10, 100], [100, 20], [200, 100]]);
    expect(changes.at(-1)).not.toBeNull();
    await userEvent.click(screen.getByTestId('signature-clear'));
    expect(changes.at(-1)).toBeNull();
    expect(screen.queryByTestId('signature-done')).toBeNull();
    stroke(canvas, [[10, 10], [20, 10]]);
    expect(screen.getByTestId('signature-problem').textContent).toContain('too small');
  });

  it('names the canvas by its label and describes it with the instructions', () => {
    const { canvas } = renderPad();
    expect(screen.getByRole('img', { name: 'Your signature' })).toBe(canvas);
    expect(canvas.getAttribute('aria-describedby')).toBeTruthy();
    const help = document.getElementById(canvas.getAttribute('aria-describedby') ?? '');
    expect(help?.textContent).toContain('Sign with your finger inside the white box');
  });
});
