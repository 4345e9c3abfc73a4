// How much a signature drawn on the touch screen holds, kept pure so the rule is tested
// without a canvas: the length of the lines drawn ("ink") and how far they spread. A tap, a
// dot or a short scratch is not a signature; the pad refuses it and says why.
export interface InkPoint {
  readonly x: number;
  readonly y: number;
}

export type Stroke = readonly InkPoint[];

/** In CSS pixels: a short name written small is about 300 px of line over 100 px. */
export const MIN_INK_PX = 120;
export const MIN_SPAN_PX = 60;

/** Total length of every stroke's line. */
export function inkLength(strokes: readonly Stroke[]): number {
  let total = 0;
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i++) {
      const a = stroke[i - 1]!;
      const b = stroke[i]!;
      total += Math.hypot(b.x - a.x, b.y - a.y);
    }
  }
  return total;
}

/** The larger side of the box around every point. */
export function inkSpan(strokes: readonly Stroke[]): number {
  const points = strokes.flat();
  if (points.length === 0) return 0;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

export type SignatureProblem = 'empty' | 'too-small';

/** Why these strokes are not yet a signature, or null when they are. */
export function signatureProblem(strokes: readonly Stroke[]): SignatureProblem | null {
  const ink = inkLength(strokes);
  if (ink === 0) return 'empty';
  return ink < MIN_INK_PX || inkSpan(strokes) < MIN_SPAN_PX ? 'too-small' : null;
}
