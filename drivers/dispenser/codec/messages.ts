// The messages of our dispenser dialect on top of the link layer (frame.ts). Bodies are ASCII,
// in the CRT-591 manner: a command is 'C' CM PM; the dispenser answers 'P' CM PM and its
// sensor status (positive), or 'N' CM PM E1 E0 and its sensor status (negative). Every answer
// carries the status, so the driver's health follows the device on every exchange, not only
// on a poll.
import { decodeChipData, encodeChipData, type ChipData } from './chip-data.js';
import { decodeError, isDecodeError, type DispenserDecodeError } from './errors.js';
import { encodeFrame, type DispenserFrame } from './frame.js';

/** CM PM of each command. */
export const COMMAND_CODES = {
  /** Initialise the mechanism; a card in the channel stays where it is. */
  reset: '00',
  /** Initialise and capture any card in the channel into the bin. */
  'reset-capture': '01',
  status: '10',
  /** Card from the stacker (or the read position) to the throat, held there: "presented". */
  'to-throat': '20',
  /** Card from the stacker to the read position, inside, where a chip reader can contact it. */
  'to-read-position': '21',
  /** Card from the throat or the read position into the capture bin. */
  capture: '23',
  /**
   * The IC contact module powers the chip of the card at the read position, reads its payment
   * application and powers it off; the answer carries the chip data (chip-data.ts).
   */
  'read-chip': '30',
} as const;
export type CommandKind = keyof typeof COMMAND_CODES;
export const COMMAND_KINDS = Object.keys(COMMAND_CODES) as CommandKind[];
/** Commands whose positive answer is the sensors and nothing else. */
export type SensorCommandKind = Exclude<CommandKind, 'read-chip'>;
export const SENSOR_COMMAND_KINDS = COMMAND_KINDS.filter((k): k is SensorCommandKind => k !== 'read-chip');

export const CARD_POSITIONS = ['none', 'throat', 'read-position'] as const;
export type CardPosition = (typeof CARD_POSITIONS)[number];
export const STOCK_LEVELS = ['empty', 'low', 'full'] as const;
export type StockLevel = (typeof STOCK_LEVELS)[number];

/** The sensors, as ST0…ST4 of every answer. */
export interface DispenserSensors {
  /** ST0 '0' none, '1' at the throat, '2' in the read position. */
  card: CardPosition;
  /** ST1 '0' empty, '1' low (past the low-card sensor), '2' enough. */
  stock: StockLevel;
  /** ST2 */
  captureBinFull: boolean;
  /** ST3 */
  jam: boolean;
  /** ST4 */
  coverOpen: boolean;
}

/** E1 E0 of a negative answer. */
export const ERROR_CODES = {
  'unknown-command': '00',
  'bad-parameter': '01',
  /** Not now: a card is in the way, or the command does not fit where the card is. */
  'not-executable': '02',
  jam: '10',
  'stock-empty': '11',
  'cover-open': '12',
  'capture-bin-full': '13',
  'no-card': '14',
  /** read-chip: the chip does not answer when powered (no ATR): dead, dirty or missing. */
  'chip-mute': '15',
  /** read-chip: the chip answers but no payment application or record could be read. */
  'chip-no-application': '16',
} as const;
export type DispenserErrorReason = keyof typeof ERROR_CODES;
const ERROR_REASONS = Object.keys(ERROR_CODES) as DispenserErrorReason[];

export interface DispenserCommand {
  kind: CommandKind;
}

export type DispenserResponse =
  | { kind: 'positive'; command: SensorCommandKind; sensors: DispenserSensors }
  /** `chip` holds a full PAN: the driver makes it a CardRead at once (DESIGN §4). */
  | { kind: 'positive'; command: 'read-chip'; sensors: DispenserSensors; chip: ChipData }
  /** `command` is 'unknown' when the dispenser did not know the CM PM it was sent. */
  | { kind: 'negative'; command: CommandKind | 'unknown'; reason: DispenserErrorReason; sensors: DispenserSensors };

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const text = (b: Uint8Array): string => String.fromCharCode(...b);
const commandOf = (cmpm: string): CommandKind | undefined => COMMAND_KINDS.find((k) => COMMAND_CODES[k] === cmpm);
const bad = (what: string): DispenserDecodeError => decodeError('BAD_PAYLOAD', `malformed ${what}`);

export function encodeSensors(s: DispenserSensors): string {
  return [CARD_POSITIONS.indexOf(s.card), STOCK_LEVELS.indexOf(s.stock), Number(s.captureBinFull), Number(s.jam), Number(s.coverOpen)].join('');
}

export function decodeSensors(st: string): DispenserSensors | null {
  if (!/^[0-2][0-2][01][01][01]$/.test(st)) return null;
  const card = CARD_POSITIONS[Number(st[0])];
  const stock = STOCK_LEVELS[Number(st[1])];
  if (!card || !stock) return null;
  return { card, stock, captureBinFull: st[2] === '1', jam: st[3] === '1', coverOpen: st[4] === '1' };
}

export function encodeCommand(cmd: DispenserCommand): Uint8Array {
  return encodeFrame(ascii(`C${COMMAND_CODES[cmd.kind]}`));
}

export function decodeCommand(frame: DispenserFrame): DispenserCommand | DispenserDecodeError {
  const body = text(frame.body);
  if (body[0] !== 'C' || body.length !== 3) return body[0] === 'C' ? bad('command') : decodeError('UNKNOWN_MESSAGE', `a body starting 0x${(frame.body[0] ?? 0).toString(16)} is not a command`);
  const kind = commandOf(body.slice(1));
  return kind ? { kind } : decodeError('UNKNOWN_MESSAGE', `unknown command ${JSON.stringify(body.slice(1))}`);
}

export function encodeResponse(r: DispenserResponse): Uint8Array {
  const st = encodeSensors(r.sensors);
  if (r.kind === 'positive') return encodeFrame(ascii(`P${COMMAND_CODES[r.command]}${st}${r.command === 'read-chip' ? encodeChipData(r.chip) : ''}`));
  const cmpm = r.command === 'unknown' ? '??' : COMMAND_CODES[r.command];
  return encodeFrame(ascii(`N${cmpm}${ERROR_CODES[r.reason]}${st}`));
}

export function decodeResponse(frame: DispenserFrame): DispenserResponse | DispenserDecodeError {
  const body = text(frame.body);
  if (body[0] === 'P') {
    const command = commandOf(body.slice(1, 3));
    const sensors = decodeSensors(body.slice(3, 8));
    if (!command || !sensors) return bad('positive answer');
    if (command !== 'read-chip') return body.length === 8 ? { kind: 'positive', command, sensors } : bad('positive answer');
    const chip = decodeChipData(body.slice(8));
    return isDecodeError(chip) ? chip : { kind: 'positive', command, sensors, chip };
  }
  if (body[0] === 'N') {
    const cmpm = body.slice(1, 3);
    const command = cmpm === '??' ? 'unknown' : commandOf(cmpm);
    const reason = ERROR_REASONS.find((r) => ERROR_CODES[r] === body.slice(3, 5));
    const sensors = decodeSensors(body.slice(5));
    return body.length === 10 && command && reason && sensors ? { kind: 'negative', command, reason, sensors } : bad('negative answer');
  }
  return decodeError('UNKNOWN_MESSAGE', `a body starting 0x${(frame.body[0] ?? 0).toString(16)} is not an answer`);
}
