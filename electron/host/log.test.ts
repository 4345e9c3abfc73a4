import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.node.js';

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

  it('keeps operational fields readable', () => {
    const { lines, log } = capture();
    log.info({ ticketId: 't-1', number: 'A1001', printed: true }, 'ticket printed');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ ticketId: 't-1', number: 'A1001', msg: 'ticket printed', svc: 'kiosk-host' });
  });
});
