// kioskctl decode through runDecode with fake streams: the exact JSON per kind, the text form,
// exit codes, usage errors, and that no full card number appears in any output.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeSwipeText, encodeTrack1, encodeTrack2 } from '../drivers/card/codec/tracks.js';
import { encodeReceipt } from '../drivers/escpos/codec/encoder.js';
import { decodeAll, renderReceiptText } from '../drivers/escpos/codec/decoder.js';
import { decodeGb18030, encodeGb18030 } from '../drivers/escpos/text-encoding.node.js';
import { encodeBaseInfo, encodeText } from '../drivers/id/china/codec/base-info.js';
import { encodeFrame, encodeResponse } from '../drivers/id/china/codec/frame.js';
import { idCheckChar } from '../drivers/id/china/codec/id-number.js';
import { SAMPLE_CARD } from '../drivers/id/china/sim/sample-card.js';
import { encodeMrz } from '../drivers/id/codec/mrz-encode.js';
import { MAX_INPUT_BYTES, runDecode } from './decode.node.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for --json runs. */
  json: unknown;
}

async function decode(argv: string[], input: string | Uint8Array = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from([typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input)]);
  const code = await runDecode(argv, { stdin, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  let json: unknown;
  if (argv.includes('--json')) {
    // Exactly one JSON object on one line.
    expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1).toBe(true);
    json = JSON.parse(stdout);
  }
  return { code, stdout, stderr, json };
}

const NOW = ['--now', '2026-01-15'];
const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n';
const PAN = '6225880137706884';
const CARD = { pan: PAN, name: 'DOE/JOHN', expiry: { year: 2030, month: 12 }, serviceCode: '201', discretionary: '000000000' };
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('decode mrz', () => {
  it('prints the ICAO specimen passport as one JSON object, exit 0', async () => {
    const r = await decode(['mrz', '-', '--json', ...NOW], TD3);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      ok: true, kind: 'passport', format: 'TD3', documentCode: 'P', issuingState: 'UTO', documentNumber: 'L898902C3', nationality: 'UTO',
      birthDate: '1974-08-12', sex: 'F', expiryDate: '2012-04-15', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', optionalData: 'ZE184226B',
    });
  });

  it('names every failing field of a corrupt MRZ, exit 1', async () => {
    // Surname with a digit, issuing state ZZZ, sex X, birth date check digit wrong.
    const corrupt = 'P<ZZZERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123X1204159ZE184226B<<<<<10\n';
    const r = await decode(['mrz', '--json', ...NOW], corrupt);
    expect(r.code).toBe(1);
    expect(r.json).toEqual({
      ok: false,
      error: { code: 'ISSUING_STATE', field: 'issuingState', message: 'issuing state is not an ICAO 9303 code' },
      errors: [
        { code: 'ISSUING_STATE', field: 'issuingState', message: 'issuing state is not an ICAO 9303 code' },
        { code: 'BIRTH_DATE_CHECK', field: 'birthDate', message: 'birth date check digit does not match' },
        { code: 'SEX', field: 'sex', message: 'sex is not M, F or < (an unspecified sex is written <, not X)' },
        { code: 'COMPOSITE_CHECK', field: 'composite', message: 'TD3 composite check digit does not match' },
        { code: 'NAME', field: 'surname', message: 'the primary identifier (surname) holds a digit' },
      ],
    });
  });

  it('reports an unknown date of birth as null with the known parts', async () => {
    const lines = encodeMrz({ format: 'TD1', documentCode: 'ID', issuingState: 'D', documentNumber: 'T22000129', nationality: 'D', birth: '6408<<', sex: '<', expiry: '311031', surname: 'MUSTERMANN', givenNames: 'ERIKA' });
    const r = await decode(['mrz', '--json', ...NOW], lines.join('\r\n'));
    expect(r.json).toMatchObject({ ok: true, kind: 'id-card', format: 'TD1', birthDate: null, birthDateParts: { year: 1964, month: 8, day: null }, sex: 'X', issuingState: 'D' });
  });

  it('prints an aligned text form without --json', async () => {
    const r = await decode(['mrz', ...NOW], TD3);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'mrz: valid',
        '  kind            passport',
        '  format          TD3',
        '  documentCode    P',
        '  issuingState    UTO',
        '  documentNumber  L898902C3',
        '  nationality     UTO',
        '  birthDate       1974-08-12',
        '  sex             F',
        '  expiryDate      2012-04-15',
        '  surname         ERIKSSON',
        '  givenNames      ANNA MARIA',
        '  optionalData    ZE184226B',
        '',
      ].join('\n'),
    );
    const bad = await decode(['mrz', ...NOW], TD3.replace('UTOERIKSSON', 'ZZZERIKSSON').replace('7408122F', '7408122X'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(
      [
        'mrz: refused, 2 checks failed',
        '  ISSUING_STATE  issuingState  issuing state is not an ICAO 9303 code',
        '  SEX            sex           sex is not M, F or < (an unspecified sex is written <, not X)',
        '',
      ].join('\n'),
    );
  });
});

describe('decode track', () => {
  it('prints the masked PAN and the cardholder name as one display string', async () => {
    const r = await decode(['track', '--json'], `${latin1(encodeTrack1(CARD))}\n${latin1(encodeTrack2(CARD))}\n`);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      ok: true, source: 'magstripe', maskedPan: '622588******6884', expiryMonth: '2030-12', expiryDate: '2030-12-31', serviceCode: '201',
      name: 'JOHN DOE', surname: 'DOE', givenNames: 'JOHN', tracks: [1, 2],
    });
  });

  it('reads a swipe as one stream with LRCs, and track 2 alone', async () => {
    const swipe = await decode(['track', '--json'], encodeSwipeText(CARD, { lrc: true }));
    expect(swipe.json).toMatchObject({ ok: true, maskedPan: '622588******6884', name: 'JOHN DOE', tracks: [1, 2] });
    const t2 = await decode(['track', '--json'], encodeTrack2(CARD));
    expect(t2.json).toEqual({ ok: true, source: 'magstripe', maskedPan: '622588******6884', expiryMonth: '2030-12', expiryDate: '2030-12-31', serviceCode: '201', tracks: [2] });
  });

  it('says which track failed when the other one carried the read', async () => {
    const t1 = latin1(encodeTrack1(CARD)).replace('^DOE/JOHN^', '^D^');
    const r = await decode(['track', '--json'], `${t1}\n${latin1(encodeTrack2(CARD))}`);
    expect(r.json).toMatchObject({ ok: true, tracks: [2], trackErrors: [{ code: 'NAME', field: 'track1.name', message: 'track 1 name is not 2 to 26 characters' }] });
  });

  it('refuses a PAN failing Luhn on both tracks, naming each, exit 1', async () => {
    const bad = { ...CARD, pan: '6225880137706885' };
    const r = await decode(['track', '--json'], `${latin1(encodeTrack1(bad))}\n${latin1(encodeTrack2(bad))}\n`);
    expect(r.code).toBe(1);
    expect(r.json).toEqual({
      ok: false,
      error: { code: 'PAN_LUHN', field: 'track2.pan', message: 'the PAN fails the Luhn check' },
      errors: [
        { code: 'PAN_LUHN', field: 'track1.pan', message: 'the PAN fails the Luhn check' },
        { code: 'PAN_LUHN', field: 'track2.pan', message: 'the PAN fails the Luhn check' },
      ],
    });
    const none = await decode(['track', '--json'], 'hello\n');
    expect(none.json).toEqual({ ok: false, error: { code: 'NO_TRACK', field: 'tracks', message: 'the swipe carried neither track 1 nor track 2' } });
  });
});

describe('no full card number in any output', () => {
  const inputs: [string, string | Uint8Array][] = [
    ['good swipe', encodeSwipeText(CARD, { lrc: true })],
    ['tracks on lines', `${latin1(encodeTrack1(CARD))}\n${latin1(encodeTrack2(CARD))}\n`],
    ['bad LRC', `${latin1(encodeTrack2(CARD))}0`],
    ['PANs that differ', `${latin1(encodeTrack1(CARD))}\n${latin1(encodeTrack2({ ...CARD, pan: '4111111111111111' }))}`],
    ['bad service code', latin1(encodeTrack2({ ...CARD, serviceCode: '2X1' }))],
    ['a PAN alone', `${PAN}\n`],
  ];
  it.each(inputs)('%s, through every kind, text and JSON', async (_name, input) => {
    for (const kind of ['track', 'mrz', 'cnid', 'aamva', 'escpos']) {
      for (const json of [true, false]) {
        const r = await decode([kind, ...(json ? ['--json'] : [])], input);
        const out = r.stdout + r.stderr;
        expect(out).not.toContain(PAN);
        expect(out).not.toContain('4111111111111111');
        expect(out.replace(/\D/g, ' ')).not.toMatch(/(?<!\d)(6225880137706884|4111111111111111)(?!\d)/);
        // The track kind shows nothing of the discretionary data either.
        if (kind === 'track') expect(out).not.toContain('000000000');
      }
    }
  });
});

describe('decode cnid', () => {
  const readBaseInfo = encodeResponse([0x00, 0x00, 0x90], encodeBaseInfo(SAMPLE_CARD, new Uint8Array(1024).fill(7)));
  const expected = {
    ok: true, kind: 'cn-resident-id', sex: 'F', birthDate: '1949-12-31', expiryDate: null, issueDate: '2020-01-01', nationality: 'CHN',
    issuer: '北京市公安局朝阳分局', nation: '汉', address: '北京市朝阳区测试路1号', photoBytes: 1024, name: '测试员', idNumber: '11010519491231002X', longTerm: true,
  };

  it('decodes the reader answer frames (find, select, read) as binary', async () => {
    const capture = Buffer.concat([encodeResponse([0x00, 0x00, 0x9f]), encodeResponse([0x00, 0x00, 0x90]), readBaseInfo]);
    const r = await decode(['cnid', '--json', ...NOW], capture);
    expect(r.code).toBe(0);
    expect(r.json).toEqual(expected);
  });

  it('decodes a hex dump of the frame, the text block alone, and the base info data', async () => {
    const hex = Buffer.from(readBaseInfo).toString('hex').replace(/(..)/g, '$1 ').replace(/(.{48})/g, '$1\n');
    expect((await decode(['cnid', '--json', ...NOW], hex)).json).toEqual(expected);
    const { photoBytes: _p, ...withoutPhoto } = expected;
    expect((await decode(['cnid', '--json', ...NOW], encodeText(SAMPLE_CARD))).json).toEqual(withoutPhoto);
    expect((await decode(['cnid', '--json', ...NOW], encodeBaseInfo(SAMPLE_CARD, new Uint8Array(0)))).json).toEqual(withoutPhoto);
  });

  it('checks an 18-character ID number on its own', async () => {
    expect((await decode(['cnid', '--json', ...NOW], '11010519491231002X\n')).json).toEqual({ ok: true, kind: 'cn-resident-id', idNumber: '11010519491231002X', region: '110105', birthDate: '1949-12-31', sex: 'F' });
    const bad = await decode(['cnid', '--json', ...NOW], '110105194912310021');
    expect(bad.code).toBe(1);
    expect(bad.json).toEqual({ ok: false, error: { code: 'ID_CHECK_DIGIT', field: 'idNumber', message: 'the ID number check character does not match (ISO 7064 MOD 11-2)' } });
  });

  it('refuses a birth date after --now', async () => {
    const first17 = '11010520300601002';
    const future = encodeBaseInfo({ ...SAMPLE_CARD, birth: '20300601', idNumber: first17 + idCheckChar(first17) });
    const r = await decode(['cnid', '--json', ...NOW], future);
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ ok: false, error: { code: 'BIRTH_IN_FUTURE', field: 'birthDate', message: 'birth date lies in the future' } });
    expect((await decode(['cnid', '--json', '--now', '2030-06-01'], future)).code).toBe(0);
    expect((await decode(['cnid', '--json', ...NOW], first17 + idCheckChar(first17))).json).toMatchObject({ ok: false, error: { code: 'ID_BIRTH_DATE', field: 'idNumber' } });
  });

  it('names a reader status, a torn frame, a bad checksum and an unknown form', async () => {
    const cases: [Uint8Array | string, object][] = [
      [encodeResponse([0x00, 0x00, 0x80]), { code: 'NO_CARD', field: 'sw3' }],
      [readBaseInfo.subarray(0, 500), { code: 'TRUNCATED', field: 'frame' }],
      [Buffer.concat([readBaseInfo.subarray(0, -1), Buffer.from([(readBaseInfo.at(-1) ?? 0) ^ 1])]), { code: 'CHECKSUM', field: 'checksum' }],
      [encodeFrame(Uint8Array.of(0, 0, 0x90, 1, 2)), { code: 'NO_BASE_INFO', field: 'frame' }],
      [new Uint8Array(100).fill(0xfe), { code: 'FORMAT', field: 'input' }],
      ['aa aa a', { code: 'HEX', field: 'input' }],
    ];
    for (const [input, error] of cases) {
      const r = await decode(['cnid', '--json', ...NOW], input);
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ ok: false, error });
    }
  });
});

describe('decode aamva', () => {
  // AAMVA DL/ID Card Design Standard 2020, Annex D sample (Virginia).
  const ANNEX_D =
    '@\n\x1e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102024\nDBC1\nDAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\nDDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r';

  it('decodes the Annex D sample', async () => {
    const r = await decode(['aamva', '--json'], ANNEX_D);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      ok: true, kind: 'drivers-licence', documentNumber: 'T64235789', surname: 'SAMPLE', givenNames: 'MICHAEL JOHN', sex: 'M', birthDate: '1986-06-06',
      expiryDate: '2024-12-10', issueDate: '2019-06-06', nationality: 'USA', issuer: 'VA', address: '2300 WEST BROAD STREET, RICHMOND, VA, 232690000',
      iin: '636000', aamvaVersion: 10, jurisdictionVersion: 1,
    });
  });

  it('names the failing element', async () => {
    const r = await decode(['aamva', '--json'], ANNEX_D.replace('DBB06061986', 'DBB13061986'));
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ ok: false, error: { code: 'DATE', field: 'DBB', message: 'DBB is not a real MMDDCCYY date' } });
  });
});

describe('decode escpos', () => {
  const receipt = encodeReceipt(
    { blocks: [{ kind: 'text', text: '中国银行 测试网点', align: 'center', bold: true }, { kind: 'text', text: 'A023', size: 'quad' }, { kind: 'qr', data: 'BKT:0190a8f0' }, { kind: 'cut' }] },
    { encodeText: encodeGb18030 },
  );

  it('renders the stream as the printer simulator does', async () => {
    const r = await decode(['escpos', '--json'], receipt);
    expect(r.code).toBe(0);
    const text = renderReceiptText(decodeAll(receipt), decodeGb18030);
    expect(text).toContain('**中国银行 测试网点**');
    expect(r.json).toMatchObject({ ok: true, text, cuts: 1, qrCodes: ['BKT:0190a8f0'], unknownBytes: 0 });
    const plain = await decode(['escpos'], receipt);
    expect(plain.stdout.endsWith(`\n\n${text}\n`)).toBe(true);
  });

  it('masks a full card number a receipt should never have printed, and counts it', async () => {
    const leaky = encodeReceipt({ blocks: [{ kind: 'text', text: `CARD ${PAN.replace(/(\d{4})/g, '$1 ').trim()}` }, { kind: 'text', text: 'REF 1234567890123' }] }, { encodeText: encodeGb18030 });
    const r = await decode(['escpos', '--json'], leaky);
    expect(r.json).toMatchObject({ ok: true, text: 'CARD 622588******6884\nREF 1234567890123', maskedCardNumbers: 1 });
  });

  it('refuses a stream torn inside a command', async () => {
    const r = await decode(['escpos', '--json'], receipt.subarray(0, receipt.length - 2));
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
    expect((await decode(['escpos', '--json'], '')).json).toEqual({ ok: false, error: { code: 'EMPTY', field: 'input', message: 'the stream is empty' } });
  });
});

describe('usage', () => {
  it.each<[string[], object]>([
    [['--json'], { code: 'USAGE', field: 'kind', message: 'which kind of input?' }],
    [['passport', '--json'], { code: 'USAGE', field: 'kind', message: 'the kind must be one of mrz, track, cnid, aamva, escpos' }],
    [['mrz', 'a', 'b', '--json'], { code: 'USAGE', field: 'file', message: 'only one input file is read' }],
    [['mrz', '--now', '2026-13-45', '--json'], { code: 'USAGE', field: 'now' }],
    [['mrz', '--frobnicate', '--json'], { code: 'USAGE', field: 'options' }],
    [['mrz', '/nonexistent/mrz.txt', '--json'], { code: 'INPUT', field: 'file', message: 'cannot read /nonexistent/mrz.txt (ENOENT)' }],
  ])('%j → exit 2', async (argv, error) => {
    const r = await decode(argv);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ ok: false, error });
    expect(r.stderr).toMatch(/^kioskctl decode: /);
  });

  it('prints the usage on --help, exit 0, and refuses input over the limit', async () => {
    const help = await decode(['--help']);
    expect([help.code, help.stdout.startsWith('usage: kioskctl decode')]).toEqual([0, true]);
    const big = await decode(['escpos', '--json'], new Uint8Array(MAX_INPUT_BYTES + 1));
    expect([big.code, big.json]).toEqual([2, { ok: false, error: { code: 'INPUT_TOO_LARGE', field: 'file', message: `stdin holds more than ${MAX_INPUT_BYTES} bytes` } }]);
  });
});
