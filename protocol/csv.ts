// CSV for spreadsheets (RFC 4180): fields with a comma, quote, CR or LF are quoted and their
// quotes doubled; rows end CRLF. The byte-order mark makes Excel read the file as UTF-8, so
// Chinese text opens correctly. A field starting with = + - @ is prefixed with an apostrophe
// so a spreadsheet never runs customer-typed text as a formula.
export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | null;

function csvField(value: CsvCell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return UTF8_BOM + lines.map((line) => `${line}\r\n`).join('');
}
