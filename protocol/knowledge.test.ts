// The console's editing markup and the article schemas: what an admin types becomes blocks
// (never HTML), prints back the same for the next edit, and unsafe images are refused.
import { describe, expect, it } from 'vitest';
import { articleTextSchema, bodyText, parseBody, printBody } from './knowledge.js';

describe('article body markup', () => {
  it('parses paragraphs, bullets, numbered items, bold and images', () => {
    const blocks = parseBody('Open **9:00**–17:00\nevery day.\n\n- Mon\n- **Sat**\n\n1. Call\n2. Visit\n\n![A card](data:image/png;base64,iVBORw0KGgo=)');
    expect(blocks).toEqual([
      { type: 'paragraph', spans: [{ text: 'Open ' }, { text: '9:00', bold: true }, { text: '–17:00 every day.' }] },
      { type: 'list', ordered: false, items: [[{ text: 'Mon' }], [{ text: 'Sat', bold: true }]] },
      { type: 'list', ordered: true, items: [[{ text: 'Call' }], [{ text: 'Visit' }]] },
      { type: 'image', alt: 'A card', src: 'data:image/png;base64,iVBORw0KGgo=' },
    ]);
    expect(parseBody(printBody(blocks))).toEqual(blocks);
    expect(bodyText(blocks)).toContain('Visit');
  });

  it('keeps HTML and an unmatched ** as literal text', () => {
    const [block] = parseBody('<b>hi</b> **open');
    expect(block).toEqual({ type: 'paragraph', spans: [{ text: '<b>hi</b> ' }, { text: '**open' }] });
  });

  it('refuses SVG, remote and oversized images', () => {
    const text = (src: string) => articleTextSchema.safeParse({ title: 't', body: [{ type: 'image', src, alt: 'x' }] }).success;
    expect(text('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(text('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(text('https://example.com/a.png')).toBe(false);
    expect(text(`data:image/png;base64,${'A'.repeat(300 * 1024)}`)).toBe(false);
  });
});
