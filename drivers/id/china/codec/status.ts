// SW3, the reader's own status byte in every response (SW1 SW2 relay the card's APDU status).
// Codes per the SAM module interface of the resident ID card reader (公安部第一研究所).

export const CMD = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readBaseInfo: [0x30, 0x01],
} as const satisfies Record<string, readonly [number, number]>;

export const SW3_OK = 0x90;
export const SW3_CARD_FOUND = 0x9f;
export const SW3_NO_CARD = 0x80;

export type SamStatusCode =
  | 'NO_CARD'
  | 'SELECT_FAILED'
  | 'READ_FAILED'
  | 'NO_CONTENT'
  | 'REQUEST_CHECKSUM'
  | 'REQUEST_LENGTH'
  | 'REQUEST_COMMAND'
  | 'UNAUTHORISED_OPERATION'
  | 'CARD_AUTH_FAILED'
  | 'READER_AUTH_FAILED'
  | 'VERIFY_FAILED'
  | 'WRONG_CARD'
  | 'RANDOM_FAILED'
  | 'SAM_SELF_TEST_FAILED'
  | 'SAM_UNAUTHORISED'
  | 'READER_STATUS';

/**
 * What an unsuccessful SW3 means. `card`: a card problem, often a card moved mid-read, worth
 * retrying while it lies there; `reader`: the SAM module itself is faulty or not authorised.
 */
export function samStatus(sw3: number): { code: SamStatusCode; scope: 'card' | 'link' | 'reader' } {
  switch (sw3) {
    case 0x80: return { code: 'NO_CARD', scope: 'card' };
    case 0x81: return { code: 'SELECT_FAILED', scope: 'card' };
    case 0x41: return { code: 'READ_FAILED', scope: 'card' };
    case 0x91: return { code: 'NO_CONTENT', scope: 'card' };
    // 0x31: the card did not accept the reader; 0x32: the reader did not accept the card.
    case 0x31: return { code: 'CARD_AUTH_FAILED', scope: 'card' };
    case 0x32: return { code: 'READER_AUTH_FAILED', scope: 'card' };
    case 0x33: return { code: 'VERIFY_FAILED', scope: 'card' };
    case 0x40: return { code: 'WRONG_CARD', scope: 'card' };
    case 0x47: return { code: 'RANDOM_FAILED', scope: 'card' };
    case 0x10: return { code: 'REQUEST_CHECKSUM', scope: 'link' };
    case 0x11: return { code: 'REQUEST_LENGTH', scope: 'link' };
    case 0x21: return { code: 'REQUEST_COMMAND', scope: 'link' };
    case 0x23: return { code: 'UNAUTHORISED_OPERATION', scope: 'reader' };
    case 0x60: return { code: 'SAM_SELF_TEST_FAILED', scope: 'reader' };
    case 0x66: return { code: 'SAM_UNAUTHORISED', scope: 'reader' };
    default: return { code: 'READER_STATUS', scope: 'reader' };
  }
}
