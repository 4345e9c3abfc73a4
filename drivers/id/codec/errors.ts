// The one failure value the identity codecs return. Messages name fields and positions,
// never the characters read: a decode error may be logged, the document data may not.
export interface IdDecodeError<Code extends string = string> {
  type: 'decode-error';
  code: Code;
  /** The failing field, e.g. 'documentNumber', 'line2', 'DBB', 'checksum'. */
  field: string;
  message: string;
}

export type Decoded<T, Code extends string = string> = { ok: true; value: T } | { ok: false; error: IdDecodeError<Code> };

export function failure<Code extends string>(code: Code, field: string, message: string): { ok: false; error: IdDecodeError<Code> } {
  return { ok: false, error: { type: 'decode-error', code, field, message } };
}

export function success<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
