import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DriverLogger } from './logger.js';

describe('DriverLogger', () => {
  it('accepts a pino logger as is', () => {
    const lines: string[] = [];
    const log: DriverLogger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    log.info({ device: 'tcp://printer:9100', to: 'ready' }, 'printer health changed');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ device: 'tcp://printer:9100', to: 'ready', msg: 'printer health changed' });
  });
});
