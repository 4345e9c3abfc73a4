// CSV that Excel opens as UTF-8 and that cannot smuggle a formula in.
import { describe, expect, it } from 'vitest';
import { toCsv, UTF8_BOM } from './csv.js';

describe('toCsv', () => {
  it('starts with the UTF-8 BOM and ends each row with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, '排队']])).toBe(`${UTF8_BOM}a,b\r\n1,排队\r\n`);
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(toCsv(['x'], [['a,b'], ['say "hi"'], ['two\nlines'], [null]])).toBe(`${UTF8_BOM}x\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n\r\n`);
  });

  it('keeps negative numbers as numbers but defuses text that starts like a formula', () => {
    expect(toCsv(['nps', 'text'], [[-33.3, '=HYPERLINK("x")']])).toBe(`${UTF8_BOM}nps,text\r\n-33.3,"'=HYPERLINK(""x"")"\r\n`);
  });
});
