// Where each field sits, per ICAO 9303 Part 4 (TD3, passports), Part 5 (TD1) and Part 6
// (TD2). Ranges are [start, end) on a 0-based line; composite ranges list the spans the
// composite check digit covers, in order.
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface Span {
  line: number;
  start: number;
  end: number;
}

export interface MrzLayout {
  format: MrzFormat;
  lines: number;
  width: number;
  code: Span;
  state: Span;
  name: Span;
  documentNumber: Span;
  documentCheck: Span;
  nationality: Span;
  birth: Span;
  birthCheck: Span;
  sex: Span;
  expiry: Span;
  expiryCheck: Span;
  /** The optional data field that takes a document number's overflow. */
  optional: Span;
  /** TD3 only: the check digit over the optional (personal number) field. */
  optionalCheck?: Span;
  /** TD1 only: the second optional data field (line 2). */
  optional2?: Span;
  composite: Span;
  compositeCovers: Span[];
}

const s = (line: number, start: number, end: number): Span => ({ line, start, end });

export const LAYOUTS: Record<MrzFormat, MrzLayout> = {
  TD3: {
    format: 'TD3', lines: 2, width: 44,
    code: s(0, 0, 2), state: s(0, 2, 5), name: s(0, 5, 44),
    documentNumber: s(1, 0, 9), documentCheck: s(1, 9, 10), nationality: s(1, 10, 13),
    birth: s(1, 13, 19), birthCheck: s(1, 19, 20), sex: s(1, 20, 21),
    expiry: s(1, 21, 27), expiryCheck: s(1, 27, 28),
    optional: s(1, 28, 42), optionalCheck: s(1, 42, 43),
    composite: s(1, 43, 44), compositeCovers: [s(1, 0, 10), s(1, 13, 20), s(1, 21, 43)],
  },
  TD2: {
    format: 'TD2', lines: 2, width: 36,
    code: s(0, 0, 2), state: s(0, 2, 5), name: s(0, 5, 36),
    documentNumber: s(1, 0, 9), documentCheck: s(1, 9, 10), nationality: s(1, 10, 13),
    birth: s(1, 13, 19), birthCheck: s(1, 19, 20), sex: s(1, 20, 21),
    expiry: s(1, 21, 27), expiryCheck: s(1, 27, 28),
    optional: s(1, 28, 35),
    composite: s(1, 35, 36), compositeCovers: [s(1, 0, 10), s(1, 13, 20), s(1, 21, 35)],
  },
  TD1: {
    format: 'TD1', lines: 3, width: 30,
    code: s(0, 0, 2), state: s(0, 2, 5), documentNumber: s(0, 5, 14), documentCheck: s(0, 14, 15),
    optional: s(0, 15, 30),
    birth: s(1, 0, 6), birthCheck: s(1, 6, 7), sex: s(1, 7, 8), expiry: s(1, 8, 14), expiryCheck: s(1, 14, 15),
    nationality: s(1, 15, 18), optional2: s(1, 18, 29),
    composite: s(1, 29, 30), compositeCovers: [s(0, 5, 30), s(1, 0, 7), s(1, 8, 15), s(1, 18, 29)],
    name: s(2, 0, 30),
  },
};

export function layoutForWidth(width: number): MrzLayout | undefined {
  return Object.values(LAYOUTS).find((l) => l.width === width);
}

export function take(lines: readonly string[], span: Span): string {
  return (lines[span.line] ?? '').slice(span.start, span.end);
}
