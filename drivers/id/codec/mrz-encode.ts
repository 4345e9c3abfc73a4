// Builds MRZ lines with correct check digits: the simulator presents documents with it and
// the property tests round-trip through it. Inputs are taken as the MRZ holds them
// (dates YYMMDD, sex M/F/<), already upper case.
import { checkDigit, joinMrzName, pad } from './mrz-check.js';
import { LAYOUTS, type MrzFormat, type Span } from './mrz-layout.js';

export interface MrzInput {
  format: MrzFormat;
  documentCode: string;
  issuingState: string;
  /** Up to 9 characters, or longer with overflow into the optional data. */
  documentNumber: string;
  nationality: string;
  birth: string;
  sex: 'M' | 'F' | '<';
  expiry: string;
  surname: string;
  givenNames: string;
  optionalData?: string;
  /** TD1 line 2 optional data. */
  optionalData2?: string;
}

export function encodeMrz(input: MrzInput): string[] {
  const layout = LAYOUTS[input.format];
  const lines = Array.from({ length: layout.lines }, () => '<'.repeat(layout.width).split(''));
  const put = (span: Span | undefined, value: string): void => {
    if (!span) return;
    const text = pad(value, span.end - span.start).slice(0, span.end - span.start);
    const line = lines[span.line];
    if (line) for (let i = 0; i < text.length; i++) line[span.start + i] = text[i] ?? '<';
  };
  const long = input.documentNumber.length > 9;
  put(layout.code, input.documentCode);
  put(layout.state, input.issuingState);
  put(layout.documentNumber, input.documentNumber.slice(0, 9));
  put(layout.documentCheck, long ? '<' : checkDigit(pad(input.documentNumber, 9)));
  const overflow = long ? input.documentNumber.slice(9) + checkDigit(input.documentNumber) : '';
  // A filler ends the overflow, so optional data after it cannot be read as more number.
  const optional = input.optionalData ?? '';
  put(layout.optional, overflow && optional ? `${overflow}<${optional}` : overflow + optional);
  put(layout.nationality, input.nationality);
  put(layout.birth, input.birth);
  put(layout.birthCheck, checkDigit(input.birth));
  put(layout.sex, input.sex);
  put(layout.expiry, input.expiry);
  put(layout.expiryCheck, checkDigit(input.expiry));
  put(layout.optional2, input.optionalData2 ?? '');
  put(layout.name, joinMrzName(input.surname, input.givenNames, layout.name.end - layout.name.start));
  const text = (): string[] => lines.map((l) => l.join(''));
  if (layout.optionalCheck) put(layout.optionalCheck, checkDigit(text()[layout.optional.line]?.slice(layout.optional.start, layout.optional.end) ?? ''));
  const covered = layout.compositeCovers.map((span) => text()[span.line]?.slice(span.start, span.end) ?? '').join('');
  put(layout.composite, checkDigit(covered));
  return text();
}
