import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closeLogger, createLogger, logFiles } from './log.node.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination: stream }) };
}

describe('host logger', () => {
  it('censors card data, personal data and payloads wherever they appear', () => {
    const { lines, log } = capture();
    log.info({ pan: '4111111111111111', card: { track2: ';4111111111111111=2512101?' }, tx: { payload: { name: '张三' } }, idNumber: '11010519491231002X' }, 'x');
    const text = lines.join('');
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('[redacted]');
  });

  it('censors an identity document and its images if one ever reaches a log call (account opening, issue 11)', () => {
    const { lines, log } = capture();
    const document = { kind: 'cn-id', name: '王小明', idNumber: '110101199003074578', birthDate: '1990-03-07', address: '北京市东城区' };
    log.info({ held: { surname: 'ERIKSSON', givenNames: 'ANNA', documentNumber: 'L898902C3' }, application: { document, idPhoto: { mime: 'image/jpeg', base64: '/9j/SECRETPHOTO' } }, face: { livePhoto: { base64: '/9j/LIVE' } } }, 'x');
    const text = lines.join('');
    for (const secret of ['王小明', '110101199003074578', '1990-03-07', '北京', 'ERIKSSON', 'ANNA', 'L898902C3', 'SECRETPHOTO', 'LIVE']) expect(text).not.toContain(secret);
    expect(text).toContain('cn-id');
  });

  it('keeps operational fields readable', () => {
    const { lines, log } = capture();
    log.info({ ticketId: 't-1', number: 'A1001', printed: true }, 'ticket printed');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ ticketId: 't-1', number: 'A1001', msg: 'ticket printed', svc: 'kiosk-host' });
  });
});

describe('host log file', () => {
  it('rotates by size, keeps a bounded number of files, all 0600 in a 0700 directory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-log-'));
    const file = path.join(dir, 'logs', 'kiosk.log');
    const log = createLogger({ level: 'info', destination: file, rotation: { size: '2K', files: 2 } });
    for (let i = 0; i < 100; i++) log.info({ i, filler: 'x'.repeat(80) }, 'line');
    await closeLogger(log);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    expect(logFiles(file).map((f) => path.basename(f))).toEqual(['kiosk.log.2', 'kiosk.log.1', 'kiosk.log']);
    for (const f of logFiles(file)) {
      expect(statSync(f).mode & 0o777, f).toBe(0o600);
      expect(statSync(f).size).toBeLessThan(2048 + 200);
    }
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    // The newest line made it to disk before closeLogger resolved.
    expect(readFileSync(file, 'utf8')).toContain('"i":99');
  });

  it('narrows a log file an older version left world-readable', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-log-'));
    const file = path.join(dir, 'kiosk.log');
    writeFileSync(file, '', { mode: 0o644 });
    writeFileSync(`${file}.1`, '', { mode: 0o644 });
    const log = createLogger({ destination: file });
    log.info('hello');
    await closeLogger(log);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.1`).mode & 0o777).toBe(0o600);
  });
});
