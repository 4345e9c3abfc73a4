// What our logging adds for drivers, beyond pino itself: the silent logger drivers fall back
// to, and the host logger every driver line ends in (createLogger), whose redaction is the
// safety net behind masking at source.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/host/log.node.js';
import { CardRead } from '../card/codec/card-read.js';
import { silentLogger, type DriverLogger } from './logger.js';

const PAN = '6212345678901265';
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function hostLogger(level = 'info'): { log: DriverLogger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log: DriverLogger = createLogger({ level, destination });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, text };
}

describe('silentLogger', () => {
  it('drops every level without reading what it is given (a card read stays unserialised)', () => {
    const touched: string[] = [];
    const watched = new Proxy(
      {},
      {
        get: (_target, key) => void touched.push(`get ${String(key)}`),
        ownKeys: () => (touched.push('keys'), []),
      },
    );
    for (const level of LEVELS) expect(silentLogger[level](watched, 'a message')).toBeUndefined();
    expect(touched).toEqual([]);
  });
});

describe('the host logger as a driver logger', () => {
  it('censors card, personal and secret fields a driver passes by mistake, up to three levels deep', () => {
    const { log, text, lines } = hostLogger();
    log.warn({ device: 'pcsc://R', pan: PAN, card: { track2: `;${PAN}=30121011234?`, name: 'ZHANG/SAN' }, err: { cause: { pin: '1234', idNumber: '11010519491231002X' } } }, 'card read failed');
    log.error({ device: 'tcp://printer:9100', job: { payload: { address: '北京市东城区' } }, token: 'hub-secret-token' }, 'print failed');
    const out = text();
    for (const secret of [PAN, 'ZHANG', '1234', '11010519491231002X', '北京', 'hub-secret-token']) expect(out).not.toContain(secret);
    const [first, second] = lines();
    expect(first).toMatchObject({ device: 'pcsc://R', pan: '[redacted]', card: { track2: '[redacted]', name: '[redacted]' }, err: { cause: { pin: '[redacted]', idNumber: '[redacted]' } } });
    expect(second).toMatchObject({ job: { payload: '[redacted]' }, token: '[redacted]' });
  });

  it('keeps the operational fields and the masked card, and censors the cardholder name a card read carries across the worker boundary', () => {
    const { log, lines, text } = hostLogger();
    const card = new CardRead({ pan: PAN, source: 'chip', expiry: { year: 2030, month: 12 }, name: { surname: 'ZHANG', given: 'SAN' } });
    // A driver logs the CardRead whole; its line reaches the host logger as a structured clone
    // (the worker channel's 'advanced' serialisation, or Electron's postMessage): toJSON is not
    // applied there, so the clone still carries the cardholder name.
    const crossed = structuredClone({ device: 'pcsc://R', card, aid: 'A0000003330101', via: 'pse', role: 'card' });
    expect(crossed.card).toHaveProperty('name.surname', 'ZHANG');
    log.info(crossed, 'card read');
    expect(lines()[0]).toMatchObject({ svc: 'kiosk-host', level: 30, msg: 'card read', device: 'pcsc://R', role: 'card', aid: 'A0000003330101', via: 'pse', card: { maskedPan: '621234******1265', last4: '1265', name: '[redacted]' } });
    for (const secret of [PAN, 'ZHANG', 'SAN"']) expect(text()).not.toContain(secret);
  });

  it('writes a driver’s debug lines only when the host runs at debug level', () => {
    const quiet = hostLogger('info');
    const verbose = hostLogger('debug');
    for (const { log } of [quiet, verbose]) for (const level of LEVELS) log[level]({ device: 'memory://x', step: level }, 'step');
    expect(quiet.lines().map((l) => l.step)).toEqual(['info', 'warn', 'error']);
    expect(verbose.lines().map((l) => l.step)).toEqual(['debug', 'info', 'warn', 'error']);
  });
});
