// The chip (contact and contactless) card reader over PC/SC: watches readers come and go and
// cards go in and out, runs the EMV flow on every insertion and exposes the CardReader device
// class with its health. The binding is injected (`pcsc`), defaulting to @pokusew/pcsclite.
import { CardReadError, type CardRead, type CardReader } from '../../device-classes.js';
import { createSerialLock } from '../../shared/lock.js';
import { createListeners } from '../../shared/listeners.js';
import { silentLogger, type DriverLogger } from '../../shared/logger.js';
import { createCardHealth, createReadErrorPolicy } from '../health.js';
import type { AppEntry } from './codec/emv-objects.js';
import { readCardSession, sourceFor } from './pcsc-session.node.js';
import { defaultPcscFactory } from './pcsc-binding.node.js';
import type { PcscFactory, PcscLike, PcscReaderLike, PcscStatus } from './pcsc-types.js';

export interface PcscCardReaderOptions {
  pcsc?: PcscFactory;
  /** Which reader to use; the first one PC/SC reports when absent. */
  readerName?: RegExp;
  /** 'auto' (default) tells a tapped card from an inserted one by its ATR. */
  interface?: 'contact' | 'contactless' | 'auto';
  candidates?: readonly AppEntry[];
  /** Deadline per APDU (default 5000 ms). */
  apduTimeoutMs?: number;
  /** A card still in the reader this long after its read is 'card-stuck' (default 30 s). */
  cardRemovalTimeoutMs?: number;
  /** Failed reads in a row before attention/read-error (default 3). */
  readErrorThreshold?: number;
  log?: DriverLogger;
}

/**
 * A chip reader also knows when a card it read leaves the slot (a swipe has no such moment):
 * a journey holding that card stops, e.g. at PIN entry, instead of going on without it.
 */
export interface PcscCardReader extends CardReader {
  /** Called when a card that was read (onCard) leaves the reader, or its reader goes away. */
  onRemoved(cb: () => void): () => void;
}

export function createPcscCardReader(opts: PcscCardReaderOptions = {}): PcscCardReader {
  const device = `pcsc://${opts.readerName?.source ?? '*'}`;
  const log = opts.log ?? silentLogger;
  const health = createCardHealth(log, device);
  const reads = createReadErrorPolicy(health, opts.readErrorThreshold ?? 3);
  const cards = createListeners<CardRead>();
  const errors = createListeners<CardReadError>();
  const removals = createListeners<undefined>();
  const lock = createSerialLock();
  const readers = new Map<string, PcscReaderLike>();
  const ignored = new Set<PcscReaderLike>();
  const lastState = new Map<string, number>();
  let pcsc: PcscLike | undefined;
  let active: PcscReaderLike | undefined;
  let cardIn = false;
  /** The card now in the reader was read and handed out: its leaving is news to a journey. */
  let handedOut = false;
  let stuck: ReturnType<typeof setTimeout> | undefined;

  const clearStuck = (): void => {
    if (stuck) clearTimeout(stuck);
    stuck = undefined;
  };

  const cardLeft = (): void => {
    cardIn = false;
    if (!handedOut) return;
    handedOut = false;
    log.info({ device }, 'card removed after its read');
    try {
      removals.emit(undefined);
    } catch (err) {
      // Called from the binding's status event: a throwing listener must not reach it.
      log.error({ device, err }, 'card removal listener failed');
    }
  };

  const idleHealth = (): void => {
    if (!active) health.set('offline', 'no-reader');
    else if (health.current.state === 'offline' || health.current.state === 'busy' || health.current.reason === 'card-stuck') health.set('ready');
  };

  async function onInsert(reader: PcscReaderLike, atr: Uint8Array | undefined): Promise<void> {
    const source = sourceFor(opts.interface ?? 'auto', atr);
    health.set('busy');
    try {
      const result = await readCardSession(reader, atr, { interface: opts.interface ?? 'auto', candidates: opts.candidates, apduTimeoutMs: opts.apduTimeoutMs ?? 5000, log, device });
      // Every APDU answered, but the card left before the read was handed out: nobody would
      // hear of its removal, so it is a torn read like one cut short.
      if (!cardIn || reader !== active) {
        result.card.wipe();
        throw new CardReadError('CARD_REMOVED', 'the card left the reader as its read ended', source);
      }
      reads.succeeded();
      log.info({ device, card: result.card, aid: result.aid, via: result.via }, 'card read');
      if (cards.size === 0) result.card.wipe();
      else {
        handedOut = true;
        cards.emit(result.card);
      }
    } catch (err) {
      const e = !cardIn || reader !== active ? new CardReadError('CARD_REMOVED', 'the card left the reader during the read', source, undefined, { cause: err }) : err instanceof CardReadError ? err : new CardReadError('IO', String(err), source, undefined, { cause: err });
      log.warn({ device, code: e.code, field: e.field }, 'card read failed');
      if (e.code !== 'CARD_REMOVED') reads.failed();
      errors.emit(e);
    }
    if (health.current.state === 'busy') idleHealth();
    if (cardIn && reader === active) {
      const ms = opts.cardRemovalTimeoutMs ?? 30_000;
      stuck = setTimeout(() => cardIn && health.set('attention', 'card-stuck'), ms);
      stuck.unref?.();
    }
  }

  function onStatus(reader: PcscReaderLike, status: PcscStatus): void {
    const prev = lastState.get(reader.name) ?? 0;
    lastState.set(reader.name, status.state);
    if (reader !== active) return;
    const changed = prev ^ status.state;
    const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
    if (changed & reader.SCARD_STATE_PRESENT && present) {
      cardIn = true;
      clearStuck();
      if (status.state & reader.SCARD_STATE_MUTE) {
        reads.failed();
        errors.emit(new CardReadError('READ_ERROR', 'the card does not answer (mute)', sourceFor(opts.interface ?? 'auto', status.atr), 'CARD_MUTE'));
        return;
      }
      const atr = status.atr ? Uint8Array.from(status.atr) : undefined;
      log.debug({ device, reader: reader.name, atrBytes: atr?.length }, 'card inserted');
      // onInsert handles read failures itself; what reaches here is a throwing listener.
      lock.run(() => onInsert(reader, atr)).catch((err: unknown) => log.error({ device, err }, 'card listener failed'));
    } else if (changed & reader.SCARD_STATE_EMPTY && status.state & reader.SCARD_STATE_EMPTY) {
      cardLeft();
      clearStuck();
      log.debug({ device, reader: reader.name }, 'card removed');
      if (health.current.reason === 'card-stuck') idleHealth();
    }
  }

  function onReader(reader: PcscReaderLike): void {
    if (opts.readerName && !opts.readerName.test(reader.name)) {
      // The binding emits 'error' on every reader when pcscd goes away; unheard, it would crash
      // the process. Kept (not closed) so the binding does not report it as new again.
      ignored.add(reader);
      reader.on('error', () => undefined);
      reader.on('end', () => ignored.delete(reader));
      log.debug({ device, reader: reader.name }, 'reader ignored');
      return;
    }
    readers.set(reader.name, reader);
    reader.on('status', (s) => onStatus(reader, s));
    reader.on('error', (err) => {
      log.warn({ device, reader: reader.name, err: err.message }, 'reader error');
      // The binding stops watching a reader after an error; if it also drops the reader,
      // 'end' follows and turns this into offline/no-reader.
      if (reader === active) health.set('error', 'reader-error');
    });
    reader.on('end', () => {
      readers.delete(reader.name);
      lastState.delete(reader.name);
      log.info({ device, reader: reader.name }, 'reader detached');
      if (reader !== active) return;
      // A reader unplugged with the card in it: the card is as good as gone.
      cardLeft();
      clearStuck();
      active = readers.values().next().value;
      idleHealth();
    });
    log.info({ device, reader: reader.name }, 'reader attached');
    if (!active) {
      active = reader;
      idleHealth();
    }
  }

  return {
    description: device,
    get health() {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    onCard: (cb) => cards.add(cb),
    onError: (cb) => errors.add(cb),
    onRemoved: (cb) => removals.add(() => cb()),
    async open() {
      if (pcsc) return;
      try {
        pcsc = await (opts.pcsc ?? defaultPcscFactory)();
      } catch (err) {
        health.set('offline', 'pcsc-unavailable');
        throw new CardReadError('UNAVAILABLE', `PC/SC is not available: ${err instanceof Error ? err.message : String(err)}`, 'chip', undefined, { cause: err });
      }
      health.set('offline', 'no-reader');
      pcsc.on('reader', onReader);
      pcsc.on('error', (err) => {
        log.warn({ device, err: err.message }, 'PC/SC error');
        health.set('offline', 'pcsc-unavailable');
      });
    },
    async close() {
      const p = pcsc;
      if (!p) return;
      pcsc = undefined;
      clearStuck();
      // Let a read in progress finish (its APDUs have deadlines) before the binding goes away.
      await lock.run(async () => undefined);
      for (const r of [...readers.values(), ...ignored]) r.close();
      readers.clear();
      ignored.clear();
      active = undefined;
      cardIn = false;
      handedOut = false;
      p.close();
      health.set('offline', 'disconnected');
    },
  };
}
