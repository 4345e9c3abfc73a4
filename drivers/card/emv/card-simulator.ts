// An EMV payment card at the APDU level, for unit tests of the flow and, behind the vpcd
// client, for tests through the real PC/SC stack. Pure: command APDU in, response APDU out.
// The profile picks the paths a real card may take: PSE/PPSE present or not, several
// applications with priorities, T=0 style 61xx answers, 6Cxx for a wrong Le, PAN only in the
// track 2 equivalent, GPO format 1 or 2, an application that declines GPO (6985).
import type { DolEntry } from './codec/emv-objects.js';
import { asciiBytes, bytesAscii, bytesToHex, hexToBytes } from './codec/hex.js';
import { encodeTlv, tlv, type Tlv } from './codec/tlv.js';
import { PPSE, PSE } from './flow.js';
import { renderRecords } from './card-records.js';

export const CONTACT_ATR = hexToBytes('3B600000'); // T=0, no historical bytes
export const CONTACTLESS_ATR = hexToBytes('3B8180018080'); // PC/SC part 3 pseudo-ATR of an ISO 14443-4 card

export interface SimulatedApp {
  aid: string;
  label: string;
  priority?: number;
  /** GET PROCESSING OPTIONS answers 6985 (the application declines here). */
  declinesGpo?: boolean;
}

export interface EmvCardProfile {
  pan: string;
  expiry: { year: number; month: number };
  /** Track 1 style "SURNAME/GIVEN"; omitted from the records when absent. */
  name?: string;
  serviceCode?: string;
  apps?: SimulatedApp[];
  pse?: boolean;
  ppse?: boolean;
  /** 'track2-only': no 5A, the PAN is only in the track 2 equivalent (57). */
  panSource?: 'both' | 'track2-only';
  gpoFormat?: 1 | 2;
  /** PDOL asked for in the application FCI; [] for none. */
  pdol?: DolEntry[];
  /** 't0': SELECT and GPO answer 61xx and hand their data out through GET RESPONSE. */
  responses?: 'direct' | 't0';
  /** READ RECORD with a Le other than the record length answers 6Cxx. */
  strictLe?: boolean;
  atr?: Uint8Array;
}

export interface EmvCardSimulator {
  readonly atr: Uint8Array;
  transmit(apdu: Uint8Array): Uint8Array;
  /** Power cycle or reset: forgets the selection and pending data. */
  reset(): void;
  /** Commands received, by name ("SELECT 2PAY.SYS.DDF01", "READ RECORD 1/1", …). */
  readonly commands: string[];
}

export const UNIONPAY_DEBIT: SimulatedApp = { aid: 'A000000333010101', label: 'UnionPay Debit', priority: 1 };
const DEFAULT_PDOL: DolEntry[] = [
  { tag: '9F66', length: 4 },
  { tag: '9F02', length: 6 },
  { tag: '9F37', length: 4 },
  { tag: '5F2A', length: 2 },
];

const sw = (code: number, data: Uint8Array = new Uint8Array(0)): Uint8Array => Uint8Array.from([...data, code >> 8, code & 0xff]);

export function createEmvCardSimulator(profile: EmvCardProfile): EmvCardSimulator {
  const apps = profile.apps ?? [UNIONPAY_DEBIT];
  const pdol = profile.pdol ?? DEFAULT_PDOL;
  const pdolLength = pdol.reduce((n, e) => n + e.length, 0);
  const records = renderRecords(profile);
  const commands: string[] = [];
  let selected: 'pse' | SimulatedApp | undefined;
  let pending: Uint8Array | undefined;

  const appEntry = (a: SimulatedApp): Tlv => tlv('61', [tlv('4F', hexToBytes(a.aid)), tlv('50', asciiBytes(a.label)), ...(a.priority ? [tlv('87', Uint8Array.of(a.priority))] : [])]);

  // Case 4 commands (SELECT, GPO): T=0 cards answer 61xx and wait for GET RESPONSE.
  const answer = (data: Uint8Array): Uint8Array => {
    if (profile.responses !== 't0') return sw(0x9000, data);
    pending = data;
    return sw(0x6100 | Math.min(data.length, 0xff));
  };

  function select(name: Uint8Array): Uint8Array {
    const text = bytesAscii(name);
    commands.push(`SELECT ${text === PSE || text === PPSE ? text : bytesToHex(name)}`);
    if (text === PSE && profile.pse !== false) {
      selected = 'pse';
      return answer(encodeTlv([tlv('6F', [tlv('84', name), tlv('A5', [tlv('88', Uint8Array.of(1)), tlv('5F2D', asciiBytes('zhen'))])])]));
    }
    if (text === PPSE && profile.ppse !== false) {
      selected = undefined;
      return answer(encodeTlv([tlv('6F', [tlv('84', name), tlv('A5', [tlv('BF0C', apps.map(appEntry))])])]));
    }
    const app = apps.find((a) => a.aid === bytesToHex(name));
    if (!app) return sw(0x6a82);
    selected = app;
    const pdolTag = pdol.length ? [tlv('9F38', hexToBytes(pdol.map((e) => e.tag + e.length.toString(16).padStart(2, '0')).join('')))] : [];
    const prio = app.priority ? [tlv('87', Uint8Array.of(app.priority))] : [];
    return answer(encodeTlv([tlv('6F', [tlv('84', name), tlv('A5', [tlv('50', asciiBytes(app.label)), ...prio, ...pdolTag])])]));
  }

  function gpo(data: Uint8Array): Uint8Array {
    commands.push('GPO');
    if (!selected || selected === 'pse') return sw(0x6985);
    if (data[0] !== 0x83 || data[1] !== pdolLength || data.length !== pdolLength + 2) return sw(0x6700);
    if (selected.declinesGpo) return sw(0x6985);
    const aip = Uint8Array.of(0x19, 0x80);
    const afl = hexToBytes('08010100' + '10010201');
    if (profile.gpoFormat === 2) return answer(encodeTlv([tlv('77', [tlv('82', aip), tlv('94', afl)])]));
    return answer(encodeTlv([tlv('80', Uint8Array.from([...aip, ...afl]))]));
  }

  function read(p1: number, p2: number, le: number | undefined): Uint8Array {
    const sfi = p2 >> 3;
    commands.push(`READ RECORD ${sfi}/${p1}`);
    let data: Uint8Array | undefined;
    if (selected === 'pse') data = sfi === 1 && p1 === 1 ? encodeTlv([tlv('70', apps.map(appEntry))]) : undefined;
    else if (selected) data = records.get(`${sfi}/${p1}`);
    else return sw(0x6985);
    if (!data) return sw(0x6a83);
    const wanted = le === 0 ? 256 : le;
    if (profile.strictLe && wanted !== data.length) return sw(0x6c00 | data.length);
    return sw(0x9000, data);
  }

  function getResponse(le: number | undefined): Uint8Array {
    commands.push('GET RESPONSE');
    if (!pending) return sw(0x6985);
    const n = Math.min(le === undefined || le === 0 ? 256 : le, pending.length);
    const out = pending.subarray(0, n);
    const rest = pending.subarray(n);
    pending = rest.length ? rest : undefined;
    return rest.length ? sw(0x6100 | Math.min(rest.length, 0xff), out) : sw(0x9000, out);
  }

  return {
    atr: profile.atr ?? CONTACT_ATR,
    commands,
    reset() {
      selected = undefined;
      pending = undefined;
    },
    transmit(apdu) {
      if (apdu.length < 4) return sw(0x6700);
      const [cla, ins, p1 = 0, p2 = 0] = apdu;
      // Short APDU cases: 4 bytes (no data, no Le), 5 (Le), 5+Lc (data), 6+Lc (data and Le).
      const lc = apdu.length > 5 ? (apdu[4] ?? 0) : 0;
      if (apdu.length > 5 && apdu.length !== 5 + lc && apdu.length !== 6 + lc) return sw(0x6700);
      const data = apdu.subarray(5, 5 + lc);
      const le = apdu.length === 5 ? apdu[4] : apdu.length === 6 + lc ? apdu[5 + lc] : undefined;
      if (ins !== 0xc0) pending = undefined;
      if (cla === 0x00 && ins === 0xa4 && p1 === 0x04) return select(data);
      if (cla === 0x80 && ins === 0xa8) return gpo(data);
      if (cla === 0x00 && ins === 0xb2 && (p2 & 0x07) === 0x04) return read(p1, p2, le);
      if (cla === 0x00 && ins === 0xc0) return getResponse(le);
      commands.push(`INS ${bytesToHex(Uint8Array.of(ins ?? 0))}`);
      return cla === 0x00 || cla === 0x80 ? sw(0x6d00) : sw(0x6e00);
    },
  };
}
