// The customer signs with a finger (or a pen, or a mouse in a lab) inside a box with a "Sign
// here" line. Pointer events cover all three; the strokes are kept as points so the amount of
// ink is counted without reading pixels back (signature-ink.ts). Once the strokes are a
// signature, the canvas is exported as a PNG (white background, so it reads on any screen)
// and handed up; Clear starts again and hands up null.
//
// Accessibility: the box has a visible label and instructions tied to the canvas; a customer
// who cannot draw is helped by staff on video (Help), which the instructions say.
import { useCallback, useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InlineImage } from '../../../protocol/account-opening.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { signatureProblem, type InkPoint, type SignatureProblem, type Stroke } from './signature-ink.js';

/** Canvas size in its own pixels; CSS scales it to the box. Wide and low, like a form's line. */
export const PAD_WIDTH = 900;
export const PAD_HEIGHT = 300;
const LINE_WIDTH = 5;

export interface SignaturePadProps {
  /** The signature as a PNG once there is enough ink; null while there is not (or after Clear). */
  onChange: (signature: InlineImage | null) => void;
  /** Injectable for tests (jsdom has no canvas encoder). */
  exportPng?: (canvas: HTMLCanvasElement) => string;
}

const defaultExport = (canvas: HTMLCanvasElement) => canvas.toDataURL('image/png');

function paintBackground(context: CanvasRenderingContext2D): void {
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, PAD_WIDTH, PAD_HEIGHT);
  context.strokeStyle = '#101828';
  context.lineWidth = LINE_WIDTH;
  context.lineCap = 'round';
  context.lineJoin = 'round';
}

export function SignaturePad({ onChange, exportPng = defaultExport }: SignaturePadProps) {
  const { t } = useTranslation();
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<InkPoint[][]>([]);
  const drawing = useRef<number | null>(null);
  const [problem, setProblem] = useState<SignatureProblem | null>(null);
  const [signed, setSigned] = useState(false);

  const context = () => canvas.current?.getContext('2d') ?? null;

  useEffect(() => {
    const ctx = context();
    if (ctx) paintBackground(ctx);
  }, []);

  /** Where the pointer is, in CSS pixels inside the box (for the ink rule) and in canvas pixels (to draw). */
  const pointOf = (event: PointerEvent<HTMLCanvasElement>): { css: InkPoint; px: InkPoint } => {
    const rect = event.currentTarget.getBoundingClientRect();
    const css = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    // A box not laid out (jsdom) has no size: draw at CSS coordinates.
    const sx = rect.width > 0 ? PAD_WIDTH / rect.width : 1;
    const sy = rect.height > 0 ? PAD_HEIGHT / rect.height : 1;
    return { css, px: { x: css.x * sx, y: css.y * sy } };
  };

  const last = useRef<InkPoint | null>(null);

  const down = (event: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== null) return;
    event.preventDefault();
    drawing.current = event.pointerId;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const { css, px } = pointOf(event);
    strokes.current.push([css]);
    last.current = px;
    const ctx = context();
    if (ctx) {
      // A dot, so a tap shows where it landed (it still counts as no ink).
      ctx.beginPath();
      ctx.arc(px.x, px.y, LINE_WIDTH / 2, 0, Math.PI * 2);
      ctx.fillStyle = '#101828';
      ctx.fill();
    }
  };

  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== event.pointerId) return;
    const { css, px } = pointOf(event);
    strokes.current.at(-1)?.push(css);
    const ctx = context();
    const from = last.current;
    if (ctx && from) {
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(px.x, px.y);
      ctx.stroke();
    }
    last.current = px;
  };

  const up = (event: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== event.pointerId) return;
    drawing.current = null;
    last.current = null;
    const found = signatureProblem(strokes.current as Stroke[]);
    setProblem(found);
    setSigned(found === null);
    if (found !== null || !canvas.current) return onChange(null);
    const base64 = exportPng(canvas.current).replace(/^data:image\/png;base64,/, '');
    onChange({ mime: 'image/png', base64 });
  };

  const clear = useCallback(() => {
    strokes.current = [];
    drawing.current = null;
    last.current = null;
    const ctx = context();
    if (ctx) paintBackground(ctx);
    setProblem(null);
    setSigned(false);
    onChange(null);
  }, [onChange]);

  return (
    <div className="signature" data-testid="signature-pad" data-signed={signed}>
      <p className="signature__label" id={`${id}-label`}>
        {t('accountOpening.consent.sign.label')}
      </p>
      <p className="signature__instructions" id={`${id}-help`}>
        {t('accountOpening.consent.sign.instructions')}
      </p>
      <div className="signature__box">
        <canvas
          ref={canvas}
          className="signature__canvas"
          width={PAD_WIDTH}
          height={PAD_HEIGHT}
          role="img"
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-help`}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
          data-testid="signature-canvas"
        />
        {/* The line and its words sit under the canvas's ink, never in the exported picture. */}
        <span className="signature__line" aria-hidden="true">
          ✕ {t('accountOpening.consent.sign.here')}
        </span>
      </div>
      {problem && (
        <Notice tone="warning" testId="signature-problem">
          {t(problem === 'empty' ? 'accountOpening.consent.sign.empty' : 'accountOpening.consent.sign.tooSmall')}
        </Notice>
      )}
      <div className="signature__actions">
        {signed && (
          <span className="signature__done" role="status" data-testid="signature-done">
            {t('accountOpening.consent.sign.done')}
          </span>
        )}
        <BigButton variant="secondary" onClick={clear} data-testid="signature-clear">
          {t('accountOpening.consent.sign.clear')}
        </BigButton>
      </div>
    </div>
  );
}
