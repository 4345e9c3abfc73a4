// The one failure value the identity codecs return. Messages name fields and positions,
// never the characters read: a decode error may be logged, the document data may not.

/** One failed check: what failed (code), where (field), and why, in words. */
export interface IdDecodeIssue<Code extends string = string> {
  code: Code;
  /** The failing field, e.g. 'documentNumber', 'line2', 'DBB', 'checksum'. */
  field: string;
  message: string;
}

export interface IdDecodeError<Code extends string = string> extends IdDecodeIssue<Code> {
  type: 'decode-error';
  /**
   * Every failed check, in field order, when the codec could check the fields independently
   * (the MRZ does). The first one is the same as `code`/`field`/`message`, so a caller that
   * reads only those keeps working. Absent when a codec stops at the first failure.
   */
  errors?: IdDecodeIssue<Code>[];
}

export type Decoded<T, Code extends string = string> = { ok: true; value: T } | { ok: false; error: IdDecodeError<Code> };

export function failure<Code extends string>(code: Code, field: string, message: string): { ok: false; error: IdDecodeError<Code> } {
  return { ok: false, error: { type: 'decode-error', code, field, message } };
}

/** A failure naming every issue; the first one leads. */
export function failures<Code extends string>(first: IdDecodeIssue<Code>, ...rest: IdDecodeIssue<Code>[]): { ok: false; error: IdDecodeError<Code> } {
  return { ok: false, error: { type: 'decode-error', code: first.code, field: first.field, message: first.message, errors: [first, ...rest] } };
}

export function success<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
