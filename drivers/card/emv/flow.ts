// The EMV read flow of a kiosk (no transaction, just "who is this card"):
//   SELECT PSE 1PAY.SYS.DDF01 (contact) or PPSE 2PAY.SYS.DDF01 (contactless) → application list
//   (else the candidate AID list) → SELECT AID → GET PROCESSING OPTIONS with the PDOL filled
//   → READ RECORD per AFL → PAN, expiry, name, service code as a CardRead.
// Pure: the transport is the injected `transmit`. Logs carry steps, AIDs and status words only.
import { CardReadError, type CardRead, type CardSource } from '../../device-classes.js';
import { isDecodeError } from '../codec/errors.js';
import { silentLogger, type DriverLogger } from '../../shared/logger.js';
import { getProcessingOptions, readRecord, selectByName, swHex, SW_OK } from './codec/apdu.js';
import { cardReadFromObjects } from './codec/card-data.js';
import { buildDolData, parseDirectoryRecord, parseDol, parseFci, parseGpoResponse, sortByPriority, type AppEntry } from './codec/emv-objects.js';
import { asciiBytes, hexToBytes } from './codec/hex.js';
import { parseTlv, wipeTlv, type Tlv } from './codec/tlv.js';
import { exchange, type Transmit } from './exchange.js';

export const PSE = '1PAY.SYS.DDF01';
export const PPSE = '2PAY.SYS.DDF01';

/** Tried in this order when the card has no (readable) PSE/PPSE. */
export const CANDIDATE_AIDS: readonly AppEntry[] = [
  { aid: 'A000000333010101', label: 'UnionPay Debit' },
  { aid: 'A000000333010102', label: 'UnionPay Credit' },
  { aid: 'A000000333010103', label: 'UnionPay Quasi-credit' },
  { aid: 'A0000000031010', label: 'Visa' },
  { aid: 'A0000000041010', label: 'Mastercard' },
];

export interface EmvReadOptions {
  interface: 'contact' | 'contactless';
  candidates?: readonly AppEntry[];
  /** PDOL values by tag (hex), over the defaults of terminalDefaults(). */
  terminal?: Readonly<Record<string, Uint8Array>>;
  log?: DriverLogger;
  device?: string;
}

export interface EmvReadResult {
  card: CardRead;
  aid: string;
  label?: string;
  via: 'pse' | 'ppse' | 'candidates';
}

const bcd2 = (n: number): number => ((Math.floor(n / 10) % 10) << 4) | n % 10;

/** PDOL values a reading kiosk can honestly give: China, CNY, today, no amount, a fresh UN. */
export function terminalDefaults(now = new Date()): Record<string, Uint8Array> {
  return {
    '9F66': Uint8Array.of(0x36, 0x00, 0x00, 0x00), // TTQ: contactless EMV mode, online capable
    '9F1A': Uint8Array.of(0x01, 0x56), // terminal country code 156
    '5F2A': Uint8Array.of(0x01, 0x56), // transaction currency 156 (CNY)
    '9A': Uint8Array.of(bcd2(now.getFullYear() % 100), bcd2(now.getMonth() + 1), bcd2(now.getDate())),
    '9F37': globalThis.crypto.getRandomValues(new Uint8Array(4)),
  };
}

export async function readEmvCard(transmit: Transmit, opts: EmvReadOptions): Promise<EmvReadResult> {
  const source: CardSource = opts.interface === 'contact' ? 'chip' : 'contactless';
  const log = opts.log ?? silentLogger;
  const device = opts.device ?? 'emv';
  const send = (apdu: Uint8Array): ReturnType<typeof exchange> => exchange(transmit, apdu, source);
  const fail = (code: CardReadError['code'], message: string, field?: string): CardReadError => new CardReadError(code, message, source, field);

  const listed = await listApplications(send, opts.interface, log, device);
  const via = listed.length > 0 ? (opts.interface === 'contact' ? 'pse' : 'ppse') : 'candidates';
  const apps = listed.length > 0 ? sortByPriority(listed) : [...(opts.candidates ?? CANDIDATE_AIDS)];
  const terminal = { ...terminalDefaults(), ...opts.terminal };
  let lastSw: number | undefined;
  for (const app of apps) {
    const selected = await send(selectByName(hexToBytes(app.aid)));
    log.debug({ device, step: 'select', aid: app.aid, sw: swHex(selected.sw) }, 'emv step');
    if (selected.sw !== SW_OK) {
      lastSw = selected.sw;
      continue;
    }
    const fci = parseFci(selected.data);
    if (isDecodeError(fci)) throw fail('READ_ERROR', fci.message, fci.code);
    const dol = fci.pdol ? parseDol(fci.pdol) : [];
    if (isDecodeError(dol)) throw fail('READ_ERROR', dol.message, dol.code);
    const gpo = await send(getProcessingOptions(buildDolData(dol, terminal)));
    log.debug({ device, step: 'gpo', aid: app.aid, sw: swHex(gpo.sw) }, 'emv step');
    // 6985: conditions of use not satisfied, the card declines this application here.
    if (gpo.sw === 0x6985) {
      lastSw = gpo.sw;
      continue;
    }
    if (gpo.sw !== SW_OK) throw fail('CARD_ERROR', `GET PROCESSING OPTIONS answered ${swHex(gpo.sw)}`, swHex(gpo.sw));
    const options = parseGpoResponse(gpo.data);
    if (isDecodeError(options)) throw fail('READ_ERROR', options.message, options.code);
    const objects: Tlv[] = [...options.objects];
    try {
      for (const entry of options.afl) {
        for (let rec = entry.first; rec <= entry.last; rec++) {
          const r = await send(readRecord(entry.sfi, rec));
          log.debug({ device, step: 'read-record', sfi: entry.sfi, record: rec, sw: swHex(r.sw) }, 'emv step');
          if (r.sw !== SW_OK) throw fail('CARD_ERROR', `READ RECORD ${entry.sfi}/${rec} answered ${swHex(r.sw)}`, swHex(r.sw));
          const nodes = parseTlv(r.data);
          r.data.fill(0);
          if (isDecodeError(nodes)) throw fail('READ_ERROR', nodes.message, nodes.code);
          objects.push(...nodes);
        }
      }
      const card = cardReadFromObjects(objects, source);
      if (isDecodeError(card)) throw fail('READ_ERROR', card.message, card.code);
      return { card, aid: app.aid, label: app.label ?? fci.label, via };
    } finally {
      // Records hold the PAN and track 2 equivalent; the CardRead has what it needs.
      wipeTlv(objects);
    }
  }
  throw fail('NO_APPLICATION', 'the card offers none of the supported payment applications', lastSw === undefined ? undefined : swHex(lastSw));
}

type Send = (apdu: Uint8Array) => ReturnType<typeof exchange>;

/** Applications from the PSE directory (contact) or the PPSE FCI (contactless); [] if none. */
async function listApplications(send: Send, iface: 'contact' | 'contactless', log: DriverLogger, device: string): Promise<AppEntry[]> {
  const name = iface === 'contact' ? PSE : PPSE;
  const r = await send(selectByName(asciiBytes(name)));
  log.debug({ device, step: 'select', aid: name, sw: swHex(r.sw) }, 'emv step');
  if (r.sw !== SW_OK) return [];
  const fci = parseFci(r.data);
  if (isDecodeError(fci)) return [];
  if (iface === 'contactless' || fci.sfi === undefined) return fci.apps;
  const apps: AppEntry[] = [];
  // Directory records run from 1 until the card answers 6A83 (record not found).
  for (let rec = 1; rec <= 16; rec++) {
    const rr = await send(readRecord(fci.sfi, rec));
    if (rr.sw !== SW_OK) break;
    const entries = parseDirectoryRecord(rr.data);
    if (isDecodeError(entries)) break;
    apps.push(...entries);
  }
  return apps;
}
