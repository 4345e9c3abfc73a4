import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGb18030, encodeGb18030 } from '../text-encoding.node.js';
import { concatBytes } from './bytes.js';
import type { DecodeItem } from './commands.js';
import { decodeAll, EscPosDecoder, renderReceiptText, type DecodedFrame } from './decoder.js';
import type { ReceiptBlock, ReceiptDocument } from './document.js';
import { encodeReceipt, encodeStatusRequest, sanitizeText } from './encoder.js';

const codecs = {
  gb18030: { encode: encodeGb18030, decode: decodeGb18030 },
  utf8: { encode: (s: string) => new TextEncoder().encode(s), decode: (b: Uint8Array) => new TextDecoder().decode(b) },
};

// Characters a branch receipt really carries, plus controls and astral characters.
const char = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('票', '号', '￥', '€', 'ü', '・', '𠀀', '😀', '\n', '\t', '\x1b', '\x10', '\x1d'),
);
const text = fc.string({ unit: char, maxLength: 30 });
const align = fc.constantFrom('left', 'center', 'right') as fc.Arbitrary<'left' | 'center' | 'right'>;
const block: fc.Arbitrary<ReceiptBlock> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text, align, bold: fc.boolean(), size: fc.constantFrom('normal', 'double-height', 'double', 'quad') as fc.Arbitrary<'normal'> }, { requiredKeys: ['kind', 'text'] }),
  fc.record({ kind: fc.constant('qr' as const), data: text.filter((s) => sanitizeText(s).length > 0), size: fc.integer({ min: 1, max: 16 }), errorCorrection: fc.constantFrom('L', 'M', 'Q', 'H') as fc.Arbitrary<'L'> }, { requiredKeys: ['kind', 'data'] }),
  fc.record({ kind: fc.constant('feed' as const), lines: fc.integer({ min: 0, max: 600 }) }),
  fc.constant({ kind: 'rule' as const }),
  fc.record({ kind: fc.constant('cut' as const), partial: fc.boolean() }, { requiredKeys: ['kind'] }),
);
const doc: fc.Arbitrary<ReceiptDocument> = fc.record({ blocks: fc.array(block, { maxLength: 12 }) });

type Event = { line: string } | { qr: string } | { feed: number } | { cut: boolean };

function expectedEvents(d: ReceiptDocument): Event[] {
  return d.blocks.flatMap((b): Event[] => {
    switch (b.kind) {
      case 'text':
        return sanitizeText(b.text).split('\n').map((line) => ({ line }));
      case 'rule':
        return [{ line: '-'.repeat(48) }];
      case 'qr':
        return [{ qr: sanitizeText(b.data) }];
      case 'feed': {
        // ESC d takes at most 255 lines; longer feeds are sent as several.
        const feeds: Event[] = [];
        for (let left = b.lines; left > 0; left -= 255) feeds.push({ feed: Math.min(left, 255) });
        return feeds;
      }
      case 'cut':
        return [{ cut: b.partial ?? false }];
    }
  });
}

function decodedEvents(items: DecodeItem[], decode: (b: Uint8Array) => string): Event[] {
  const out: Event[] = [];
  let line: Uint8Array[] = [];
  let qr: Uint8Array = new Uint8Array(0);
  for (const c of items) {
    if (c.type === 'text') line.push(c.bytes);
    else if (c.type === 'newline') {
      out.push({ line: decode(concatBytes(line)) });
      line = [];
    } else if (c.type === 'qr-store') qr = c.data;
    else if (c.type === 'qr-print') out.push({ qr: decode(qr) });
    else if (c.type === 'feed') out.push({ feed: c.lines });
    else if (c.type === 'cut') out.push({ cut: c.partial });
  }
  return out;
}

function decodeInChunks(bytes: Uint8Array, cuts: number[]): DecodedFrame[] {
  const d = new EscPosDecoder();
  const frames: DecodedFrame[] = [];
  let from = 0;
  for (const at of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    frames.push(...d.push(bytes.subarray(from, at)));
    from = at;
  }
  frames.push(...d.push(bytes.subarray(from)), ...d.finish());
  return frames;
}

describe('decode(encode(doc))', () => {
  for (const [name, codec] of Object.entries(codecs)) {
    it(`gives back every line, QR payload, feed and cut (${name})`, () => {
      fc.assert(
        fc.property(doc, (d) => {
          const items = decodeAll(encodeReceipt(d, { encodeText: codec.encode }));
          expect(items.filter((i) => i.type === 'unknown' || i.type === 'decode-error')).toEqual([]);
          expect(decodedEvents(items, codec.decode)).toEqual(expectedEvents(d));
        }),
      );
    });
  }

  it('renders text and QR payloads into the receipt text', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const rendered = renderReceiptText(decodeAll(encodeReceipt(d, { encodeText: encodeGb18030 })), decodeGb18030);
        let from = 0;
        for (const e of expectedEvents(d)) {
          const needle = 'line' in e ? e.line : 'qr' in e ? `[QR:${e.qr}]` : 'cut' in e ? '----- CUT' : '';
          const at = rendered.indexOf(needle, from);
          expect(at, `"${needle}" after ${from} in:\n${rendered}`).toBeGreaterThanOrEqual(0);
          from = at + needle.length;
        }
      }),
    );
  });

  it('yields the same frames however the stream is split', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 20 }), (d, cuts) => {
        const bytes = encodeReceipt(d, { encodeText: encodeGb18030 });
        expect(decodeInChunks(bytes, cuts)).toEqual(decodeInChunks(bytes, []));
      }),
    );
  });

  it('yields the same frames when fed byte by byte', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const bytes = encodeReceipt(d, { encodeText: encodeGb18030 });
        const all = Array.from({ length: bytes.length }, (_, i) => i);
        expect(decodeInChunks(bytes, all)).toEqual(decodeInChunks(bytes, []));
      }),
      { numRuns: 40 },
    );
  });
});

describe('garbage and torn frames', () => {
  it('never throws on random bytes, loses no byte, and is split-independent', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const whole = decodeInChunks(bytes, []);
        expect(concatBytes(whole.map((f) => f.raw))).toEqual(bytes);
        expect(decodeInChunks(bytes, cuts)).toEqual(whole);
      }),
    );
  });

  it('waits on a torn command and completes it with the next chunk', () => {
    const d = new EscPosDecoder();
    expect(d.push(Uint8Array.of(0x1d, 0x28))).toEqual([]);
    expect(d.pendingBytes).toBe(2);
    expect(d.push(Uint8Array.of(0x6b, 0x03, 0x00, 0x31)).map((f) => f.item)).toEqual([]);
    expect(d.push(Uint8Array.of(0x43, 0x05, 0x10)).map((f) => f.item)).toEqual([{ type: 'qr-module-size', size: 5 }]);
    expect(d.push(Uint8Array.of(0x04, 0x02)).map((f) => f.item)).toEqual([{ type: 'status-request', n: 2 }]);
  });

  it('reports a command cut off by the end of the stream as TRUNCATED', () => {
    expect(decodeAll(Uint8Array.of(0x41, 0x1b))).toEqual([
      { type: 'text', bytes: Uint8Array.of(0x41) },
      { type: 'decode-error', code: 'TRUNCATED', offset: 1, message: expect.any(String) },
    ]);
  });

  it('turns bad parameters and unknown bytes into values and resynchronises', () => {
    expect(decodeAll(Uint8Array.of(0x10, 0x04, 0x09, 0x00, 0x1b, 0xff, 0x0a))).toEqual([
      { type: 'decode-error', code: 'BAD_PARAMETER', offset: 0, message: expect.any(String) },
      { type: 'unknown', byte: 0x00 },
      { type: 'unknown', byte: 0x1b },
      { type: 'text', bytes: Uint8Array.of(0xff) },
      { type: 'newline' },
    ]);
  });

  it('rejects an absurd GS ( k length instead of swallowing what follows', () => {
    const items = decodeAll(concatBytes([Uint8Array.of(0x1d, 0x28, 0x6b, 0xff, 0xff, 0x31, 0x50, 0x30), encodeStatusRequest(1)]));
    expect(items[0]).toMatchObject({ type: 'decode-error', code: 'LENGTH_OUT_OF_RANGE', offset: 0 });
    expect(items.at(-1)).toEqual({ type: 'status-request', n: 1 });
  });

  it('frames commands it does not model so the stream stays aligned', () => {
    // ESC ! 0x38 (print mode) must not be read as the text "8".
    expect(decodeAll(Uint8Array.of(0x1b, 0x21, 0x38, 0x0a))).toEqual([{ type: 'unsupported', name: 'ESC !' }, { type: 'newline' }]);
  });
});

describe('renderReceiptText', () => {
  it('marks big and bold text, QR codes and cuts', () => {
    const d: ReceiptDocument = {
      blocks: [
        { kind: 'text', text: '北京分行', align: 'center', bold: true },
        { kind: 'text', text: 'A1023', size: 'quad' },
        { kind: 'qr', data: '票号A1023 中文' },
        { kind: 'cut' },
      ],
    };
    const rendered = renderReceiptText(decodeAll(encodeReceipt(d, { encodeText: encodeGb18030 })), decodeGb18030);
    expect(rendered.split('\n')).toEqual(['**北京分行**', '<<A1023>>', '[QR:票号A1023 中文]', '----- CUT -----']);
  });

  it('lists garbage only when asked to', () => {
    const items = decodeAll(Uint8Array.of(0x00, 0x41, 0x0a));
    expect(renderReceiptText(items, decodeGb18030)).toBe('A');
    expect(renderReceiptText(items, decodeGb18030, { showErrors: true })).toBe('[?0x00]\nA');
  });
});
