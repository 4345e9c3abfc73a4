// The result of parsing one command: the item and how many bytes it used.
import type { DecodeErrorCode, DecodeItem, EscPosCommand } from './commands.js';

export interface Step {
  item: DecodeItem;
  length: number;
}

export const ok = (item: EscPosCommand, length: number): Step => ({ item, length });

export function badParam(offset: number, length: number, message: string, code: DecodeErrorCode = 'BAD_PARAMETER'): Step {
  return { item: { type: 'decode-error', code, offset, message }, length };
}
