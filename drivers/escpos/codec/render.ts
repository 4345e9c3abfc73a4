// A virtual printer: turns decoded commands into readable text for the simulator, the dev
// panel and tests. Big text is marked <<like this>>, bold **like this**, QR codes as
// [QR:<data>] and cuts as a "----- CUT -----" line.
import { concatBytes } from './bytes.js';
import type { DecodeItem } from './commands.js';

export interface RenderOptions {
  /** Also list unknown bytes and decode errors as [?...] lines (off by default). */
  showErrors?: boolean;
}

interface Segment {
  big: boolean;
  bold: boolean;
  parts: Uint8Array[];
}

export function renderReceiptText(
  commands: readonly DecodeItem[],
  decodeText: (bytes: Uint8Array) => string,
  opts: RenderOptions = {},
): string {
  const lines: string[] = [];
  let segments: Segment[] = [];
  let bold = false;
  let big = false;
  let qrData: Uint8Array | undefined;

  // Text items of one style are joined before decoding: a multi-byte character may be split
  // across two items when a long run was cut at MAX_TEXT_RUN.
  const flush = (): void => {
    lines.push(segments.map((s) => mark(decodeText(concatBytes(s.parts)), s)).join(''));
    segments = [];
  };

  for (const c of commands) {
    switch (c.type) {
      case 'text': {
        const last = segments.at(-1);
        if (last && last.big === big && last.bold === bold) last.parts.push(c.bytes);
        else segments.push({ big, bold, parts: [c.bytes] });
        break;
      }
      case 'newline':
        flush();
        break;
      case 'feed':
        if (segments.length > 0) flush();
        for (let i = 0; i < c.lines; i++) lines.push('');
        break;
      case 'init':
        // ESC @ discards whatever sits in the print buffer and resets the modes.
        segments = [];
        bold = big = false;
        break;
      case 'bold':
        bold = c.on;
        break;
      case 'size':
        big = c.width > 1 || c.height > 1;
        break;
      case 'qr-store':
        qrData = c.data;
        break;
      case 'qr-print':
        if (segments.length > 0) flush();
        lines.push(`[QR:${qrData ? decodeText(qrData) : '?'}]`);
        break;
      case 'cut':
        if (segments.length > 0) flush();
        lines.push(c.partial ? '----- CUT (partial) -----' : '----- CUT -----');
        break;
      case 'unknown':
        if (opts.showErrors) lines.push(`[?0x${c.byte.toString(16).padStart(2, '0')}]`);
        break;
      case 'decode-error':
        if (opts.showErrors) lines.push(`[?${c.code} at ${c.offset}]`);
        break;
      default:
        break;
    }
  }
  if (segments.length > 0) flush();
  return lines.join('\n');
}

function mark(text: string, s: Segment): string {
  if (text === '') return text;
  const sized = s.big ? `<<${text}>>` : text;
  return s.bold ? `**${sized}**` : sized;
}
