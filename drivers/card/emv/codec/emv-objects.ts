// EMV data objects the read flow needs: the FCI returned by SELECT (PSE, PPSE, application),
// directory records of a PSE, the GET PROCESSING OPTIONS answer (AIP + AFL) and DOLs.
import { decodeError, isDecodeError, type CardDecodeError } from '../../codec/errors.js';
import { bytesAscii, bytesToHex } from './hex.js';
import { findAll, findTag, parseTlv, type Tlv } from './tlv.js';

export interface AppEntry {
  /** AID as uppercase hex. */
  aid: string;
  label?: string;
  /** Application priority indicator, low nibble of tag 87 (1 highest; absent = no priority). */
  priority?: number;
}

export interface Fci {
  dfName?: string;
  /** SFI of the PSE directory (tag 88). */
  sfi?: number;
  /** PDOL (tag 9F38), as its raw tag/length list. */
  pdol?: Uint8Array;
  label?: string;
  /** Applications listed in the FCI (PPSE: BF0C / 61 entries). */
  apps: AppEntry[];
}

function appEntries(nodes: Tlv[]): AppEntry[] {
  return findAll(nodes, '61').flatMap((t) => {
    const kids = t.children ?? [];
    const aid = findTag(kids, '4F');
    if (!aid || aid.value.length < 5) return [];
    const entry: AppEntry = { aid: bytesToHex(aid.value) };
    const label = findTag(kids, '50');
    if (label) entry.label = bytesAscii(label.value).trim();
    const prio = findTag(kids, '87')?.value[0];
    if (prio !== undefined && (prio & 0x0f) !== 0) entry.priority = prio & 0x0f;
    return [entry];
  });
}

export function parseFci(data: Uint8Array): Fci | CardDecodeError {
  const nodes = parseTlv(data);
  if (isDecodeError(nodes)) return nodes;
  const fci = nodes.find((n) => n.tag === '6F');
  if (!fci?.children) return decodeError('FCI', 'the SELECT answer holds no FCI template (6F)');
  // Own data sits directly in 6F and its proprietary template A5; labels and priorities
  // deeper down (BF0C / 61) belong to the listed applications.
  const a5 = fci.children.find((n) => n.tag === 'A5')?.children ?? [];
  const own = (tag: string): Tlv | undefined => fci.children?.find((n) => n.tag === tag) ?? a5.find((n) => n.tag === tag);
  const out: Fci = { apps: appEntries(fci.children) };
  const dfName = own('84');
  if (dfName) out.dfName = bytesToHex(dfName.value);
  const sfi = own('88')?.value[0];
  if (sfi !== undefined) out.sfi = sfi;
  const pdol = own('9F38');
  if (pdol) out.pdol = pdol.value;
  const label = own('50');
  if (label) out.label = bytesAscii(label.value).trim();
  return out;
}

/** A PSE directory record: 70 { 61 { 4F AID, 50 label, 87 priority } … }. */
export function parseDirectoryRecord(data: Uint8Array): AppEntry[] | CardDecodeError {
  const nodes = parseTlv(data);
  if (isDecodeError(nodes)) return nodes;
  const record = nodes.find((n) => n.tag === '70');
  if (!record?.children) return decodeError('FCI', 'a directory record without its template (70)');
  return appEntries(record.children);
}

/** Higher priority first (1 before 2), entries without priority last, otherwise card order. */
export function sortByPriority(apps: AppEntry[]): AppEntry[] {
  return apps.map((a, i) => ({ a, i })).sort((x, y) => (x.a.priority ?? 16) - (y.a.priority ?? 16) || x.i - y.i).map((x) => x.a);
}

export interface AflEntry {
  sfi: number;
  first: number;
  last: number;
  /** Records (from `first`) that take part in offline data authentication. */
  offlineAuth: number;
}

export function parseAfl(afl: Uint8Array): AflEntry[] | CardDecodeError {
  if (afl.length % 4 !== 0) return decodeError('AFL', `an AFL of ${afl.length} bytes is not a multiple of 4`);
  const out: AflEntry[] = [];
  for (let i = 0; i < afl.length; i += 4) {
    const sfi = (afl[i] ?? 0) >> 3;
    const first = afl[i + 1] ?? 0;
    const last = afl[i + 2] ?? 0;
    const offlineAuth = afl[i + 3] ?? 0;
    if (sfi < 1 || sfi > 30 || first < 1 || last < first || offlineAuth > last - first + 1) return decodeError('AFL', `AFL entry ${i / 4 + 1} is malformed`, i);
    out.push({ sfi, first, last, offlineAuth });
  }
  return out;
}

export interface GpoResult {
  aip: Uint8Array;
  afl: AflEntry[];
  /** Objects format 2 answers carry besides AIP and AFL (a contactless card may return its track 2 here). */
  objects: Tlv[];
}

/** Format 1: 80 [AIP(2) AFL]; format 2: 77 { 82 AIP, 94 AFL, … }. */
export function parseGpoResponse(data: Uint8Array): GpoResult | CardDecodeError {
  const nodes = parseTlv(data);
  if (isDecodeError(nodes)) return nodes;
  const top = nodes[0];
  if (top?.tag === '80') {
    if (top.value.length < 2) return decodeError('AFL', 'GPO format 1 answer shorter than its AIP');
    const afl = parseAfl(top.value.subarray(2));
    return isDecodeError(afl) ? afl : { aip: top.value.slice(0, 2), afl, objects: [] };
  }
  if (top?.tag === '77' && top.children) {
    const aip = findTag(top.children, '82');
    if (!aip) return decodeError('AFL', 'GPO format 2 answer without an AIP (82)');
    const aflTag = findTag(top.children, '94');
    const afl = aflTag ? parseAfl(aflTag.value) : [];
    return isDecodeError(afl) ? afl : { aip: aip.value, afl, objects: top.children };
  }
  return decodeError('AFL', 'the GPO answer is neither format 1 (80) nor format 2 (77)');
}

export interface DolEntry {
  tag: string;
  length: number;
}

/** A DOL: tags and lengths, no values (EMV Book 3 §5.4). */
export function parseDol(dol: Uint8Array): DolEntry[] | CardDecodeError {
  const out: DolEntry[] = [];
  let i = 0;
  while (i < dol.length) {
    const start = i;
    if (((dol[i] ?? 0) & 0x1f) === 0x1f) {
      i += 1;
      while (i < dol.length && ((dol[i] ?? 0) & 0x80) !== 0) i += 1;
    }
    i += 1;
    const length = dol[i];
    if (i > dol.length || length === undefined) return decodeError('DOL', 'the DOL ends inside an entry', start);
    out.push({ tag: bytesToHex(dol.subarray(start, i)), length });
    i += 1;
  }
  return out;
}

/**
 * The values a DOL asks for, concatenated: a known value of exactly the asked length is used,
 * anything else is sent as zeros of the right length (what EMV Book 3 §5.4 prescribes for
 * data the terminal does not have).
 */
export function buildDolData(dol: DolEntry[], values: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const total = dol.reduce((n, e) => n + e.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const e of dol) {
    const v = values[e.tag];
    if (v && v.length === e.length) out.set(v, at);
    at += e.length;
  }
  return out;
}
