// The magnetic stripe reader driver: one of three ways of receiving swipes (serial framing,
// HID reports, keyboard wedge) joined to the ISO 7813 codec, exposed as the CardReader device
// class. Track bytes are zeroed as soon as they are decoded; the log sees lengths, codes and
// the masked CardRead, never track data or a full PAN (PCI DSS, DESIGN.md §4).
import { CardReadError, type CardRead, type CardReader } from '../device-classes.js';
import { decodeError, isDecodeError, type CardDecodeError } from './codec/errors.js';
import { decodeTracks } from './codec/iso7813.js';
import { decodeSwipe } from './codec/tracks.js';
import { createCardHealth, createReadErrorPolicy } from './health.js';
import { createHidSwipeSource, type HidDeviceInput } from './msr/hid-source.js';
import { createSerialSwipeSource } from './msr/serial-source.js';
import type { SwipeEvent, SwipeSource } from './msr/source.js';
import { createWedgeSwipeSource, type WedgeInput } from './msr/wedge-source.js';
import { createListeners } from '../shared/listeners.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import type { ByteTransport } from '../transports/byte-transport.js';

export type MagstripeInput =
  | { transport: ByteTransport; hid?: never; wedge?: never }
  | { hid: HidDeviceInput; transport?: never; wedge?: never }
  | { wedge: WedgeInput; transport?: never; hid?: never };

export type MagstripeReaderOptions = MagstripeInput & {
  /** Serial only: quiet time before an open frame is reported torn (default 250 ms). */
  frameTimeoutMs?: number;
  /** Failed reads in a row before health turns attention/read-error (default 3). */
  readErrorThreshold?: number;
  /** Shown in logs and health; defaults to the transport's description. */
  description?: string;
  log?: DriverLogger;
};

function sourceFor(opts: MagstripeReaderOptions): SwipeSource {
  if (opts.transport) return createSerialSwipeSource({ transport: opts.transport, frameTimeoutMs: opts.frameTimeoutMs });
  if (opts.hid) return createHidSwipeSource(opts.hid, opts.description);
  if (opts.wedge) return createWedgeSwipeSource(opts.wedge, opts.description);
  throw new TypeError('createMagstripeReader needs a transport, a hid device or a wedge key source');
}

function decodeEvent(e: Exclude<SwipeEvent, { kind: 'error' }>): CardRead | CardDecodeError {
  if (e.kind === 'text') {
    const result = decodeSwipe(e.data);
    e.data.fill(0);
    return result;
  }
  const result = decodeTracks(e.tracks);
  e.tracks.track1?.fill(0);
  e.tracks.track2?.fill(0);
  // The reader flagged a track it could not read and the other did not decode either.
  if (isDecodeError(result) && result.code === 'NO_TRACK' && e.failed.length > 0) {
    return decodeError('TRACK_READ_ERROR', `the reader could not read track(s) ${e.failed.join(', ')}`);
  }
  return result;
}

export function createMagstripeReader(opts: MagstripeReaderOptions): CardReader {
  const source = sourceFor(opts);
  const device = opts.description ?? source.description;
  const log = opts.log ?? silentLogger;
  const health = createCardHealth(log, device);
  const reads = createReadErrorPolicy(health, opts.readErrorThreshold ?? 3);
  const cards = createListeners<CardRead>();
  const errors = createListeners<CardReadError>();

  const fail = (err: CardDecodeError): void => {
    log.warn({ device, code: err.code }, 'card read failed');
    reads.failed();
    errors.emit(new CardReadError('READ_ERROR', err.message, 'magstripe', err.code));
  };

  source.onSwipe((e) => {
    if (e.kind === 'error') return fail(e.error);
    log.debug({ device, kind: e.kind, bytes: e.kind === 'text' ? e.data.length : undefined }, 'swipe received');
    const result = decodeEvent(e);
    if (isDecodeError(result)) return fail(result);
    reads.succeeded();
    // The CardRead serialises masked, so logging it whole is safe.
    log.info({ device, card: result }, 'card read');
    if (cards.size === 0) result.wipe();
    else cards.emit(result);
  });

  source.onState((state) => {
    if (state === 'closed') health.set('offline', 'disconnected');
    else if (health.current.state === 'offline') health.set('ready');
  });

  return {
    description: device,
    get health() {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    onCard: (cb) => cards.add(cb),
    onError: (cb) => errors.add(cb),
    async open() {
      try {
        await source.open();
      } catch (err) {
        health.set('offline', 'disconnected');
        throw new CardReadError('UNAVAILABLE', `cannot open ${device}`, 'magstripe', undefined, { cause: err });
      }
      health.set('ready');
    },
    async close() {
      await source.close();
      health.set('offline', 'disconnected');
    },
  };
}
