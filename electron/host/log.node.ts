// Structured host logs. Personal and card data must never reach a log line, so known
// sensitive keys are censored wherever they appear, as a safety net behind masking at source.
import pino, { type Logger } from 'pino';

export const REDACTED_KEYS = ['pan', 'track1', 'track2', 'track', 'cardNumber', 'cvv', 'pin', 'name', 'cardholder', 'idNumber', 'address', 'photo', 'payload', 'token', 'secret'];

const redactPaths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export type HostLogger = Logger;

export function createLogger(opts: { level?: string; destination?: string | NodeJS.WritableStream } = {}): HostLogger {
  const options = {
    level: opts.level ?? 'info',
    base: { svc: 'kiosk-host' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (typeof opts.destination === 'string') {
    return pino(options, pino.destination({ dest: opts.destination, mkdir: true, sync: false }));
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export const silentLogger = (): HostLogger => pino({ level: 'silent' });
