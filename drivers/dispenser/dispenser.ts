// The card dispenser driver: our CRT-591-style dialect (codec/, exchange.ts) over a byte
// transport, exposed as the CardDispenser device class. One exchange runs at a time. Every
// answer carries the sensors, so health follows the device on each command and on an idle
// poll: stock low or out, cover open and a full capture bin are 'attention' (someone at the
// branch fixes them), a jam is 'error' (a technician). A dispenser never speaks unasked, so a
// customer taking the card is seen by polling its status while waitTaken runs.
import {
  CardDispenserError,
  type CardDispenser,
  type CardDispenserErrorCode,
  type CardDispenserHealthReason,
  type CardDispenserStatus,
  type CardTakeResult,
  type DeviceHealthEvent,
} from '../device-classes.js';
import { createDeviceHealth } from '../shared/device-health.js';
import { createSerialLock } from '../shared/lock.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import { isDecodeError } from './codec/errors.js';
import { DispenserLinkDecoder, type DispenserLinkItem } from './codec/frame.js';
import type { CommandKind, DispenserErrorReason, DispenserResponse, DispenserSensors } from './codec/messages.js';
import { cardReadOfChip } from './chip-read.js';
import { startExchange, type Exchange } from './exchange.js';

export interface CardDispenserOptions {
  transport: ByteTransport;
  /** How long the dispenser has to ACK a command frame (default 500 ms). */
  ackTimeoutMs?: number;
  /** How long it has to answer once asked (ENQ), the card's travel included (default 8000 ms). */
  answerTimeoutMs?: number;
  /** Quiet time after which an open frame is reported torn (default 150 ms). */
  frameTimeoutMs?: number;
  /** Status poll while idle, to follow stock, cover and bin and notice silence (default 5000 ms; 0 = off). */
  pollMs?: number;
  /** Status poll while a presented card waits to be taken (default 250 ms). */
  takePollMs?: number;
  /** How long a presented card waits for the customer before it is captured (default 30 s). */
  takeTimeoutMs?: number;
  description?: string;
  log?: DriverLogger;
}

type Reason = CardDispenserHealthReason;

const NEGATIVE: Record<DispenserErrorReason, CardDispenserErrorCode> = {
  jam: 'JAM',
  'stock-empty': 'STOCK_OUT',
  'cover-open': 'COVER_OPEN',
  'capture-bin-full': 'CAPTURE_BIN_FULL',
  'no-card': 'NO_CARD',
  'chip-mute': 'CHIP_UNREADABLE',
  'chip-no-application': 'CHIP_UNREADABLE',
  'not-executable': 'CARD_IN_CHANNEL',
  'unknown-command': 'DEVICE_ERROR',
  'bad-parameter': 'DEVICE_ERROR',
};

/** The one condition health reports, most serious first. */
function conditionOf(s: DispenserSensors): { state: 'error' | 'attention'; reason: Reason } | null {
  if (s.jam) return { state: 'error', reason: 'jam' };
  if (s.coverOpen) return { state: 'attention', reason: 'cover-open' };
  if (s.captureBinFull) return { state: 'attention', reason: 'capture-bin-full' };
  if (s.stock === 'empty') return { state: 'attention', reason: 'stock-out' };
  if (s.stock === 'low') return { state: 'attention', reason: 'stock-low' };
  return null;
}

const statusOf = (s: DispenserSensors): CardDispenserStatus => ({ card: s.card, stock: s.stock, captureBinFull: s.captureBinFull, jam: s.jam, coverOpen: s.coverOpen });

export function createCardDispenser(opts: CardDispenserOptions): CardDispenser {
  const { transport } = opts;
  const device = opts.description ?? transport.description;
  const log = opts.log ?? silentLogger;
  const timings = { ackTimeoutMs: opts.ackTimeoutMs ?? 500, answerTimeoutMs: opts.answerTimeoutMs ?? 8000 };
  const frameTimeoutMs = opts.frameTimeoutMs ?? 150;
  const pollMs = opts.pollMs ?? 5000;
  const takePollMs = opts.takePollMs ?? 250;
  const takeTimeoutMs = opts.takeTimeoutMs ?? 30_000;
  const health = createDeviceHealth<Reason>(log, device, { state: 'offline', reason: 'disconnected' });
  const lock = createSerialLock();
  let decoder = new DispenserLinkDecoder();
  let frameTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let exchange: Exchange | null = null;
  let sensors: DispenserSensors | null = null;
  let operations = 0;
  let opened = false;
  /** False from a timeout until the next answer: health stays no-response meanwhile. */
  let answering = true;
  /**
   * The dispenser refused a command it should know, or never answered readably: error until a
   * reset or a move succeeds (a status answer alone does not show the mechanism works).
   */
  let faulted = false;

  /** Health from the last sensors, unless an operation runs or the link is down. */
  const settleHealth = (): void => {
    if (!opened || transport.state !== 'open' || !sensors || !answering) return;
    if (operations > 0) return health.set('busy');
    if (faulted) return health.set('error', 'device-error');
    const c = conditionOf(sensors);
    if (c) health.set(c.state, c.reason);
    else health.set('ready');
  };

  const handle = (items: DispenserLinkItem[]): void => {
    for (const item of items) {
      if (isDecodeError(item)) log.warn({ device, code: item.code }, 'dispenser frame rejected');
      if (exchange) exchange.onItem(item);
      else log.debug({ device, unit: isDecodeError(item) ? item.code : item.type }, 'dispenser sent something unasked; ignored');
    }
  };

  const stopFrameTimer = (): void => {
    clearTimeout(frameTimer);
    frameTimer = undefined;
  };

  transport.onData((bytes) => {
    if (!opened) return;
    stopFrameTimer();
    handle(decoder.push(bytes));
    if (decoder.pendingBytes === 0) return;
    frameTimer = setTimeout(() => handle(decoder.flush()), frameTimeoutMs);
    frameTimer.unref?.();
  });

  transport.onState((state) => {
    if (state === 'open') return;
    stopFrameTimer();
    decoder = new DispenserLinkDecoder();
    if (!opened) return;
    health.set('offline', 'disconnected');
    exchange?.fail(new CardDispenserError('OFFLINE', `${device} was disconnected`));
  });

  /** One command, under the lock; a negative answer rejects with its code, after the sensors are taken in. */
  const exchangeOnce = (kind: CommandKind): Promise<Extract<DispenserResponse, { kind: 'positive' }>> =>
    lock.run(async () => {
      if (!opened || transport.state !== 'open') throw new CardDispenserError('OFFLINE', `${device} is not connected`);
      const current = startExchange(kind, timings, {
        write: (bytes) => transport.write(bytes),
        ignored: (what) => log.debug({ device, command: kind, what }, 'dispenser unit ignored'),
        silent: () => {
          answering = false;
          health.set('offline', 'no-response');
        },
      });
      exchange = current;
      let answer: DispenserResponse;
      try {
        answer = await current.result;
      } catch (err) {
        if (err instanceof CardDispenserError && err.code === 'OFFLINE' && transport.state === 'open') health.set('offline', 'disconnected');
        if (err instanceof CardDispenserError && err.code === 'DEVICE_ERROR') {
          faulted = true;
          settleHealth();
        }
        throw err;
      } finally {
        if (exchange === current) exchange = null;
      }
      sensors = answer.sensors;
      answering = true;
      if (answer.kind === 'negative' && NEGATIVE[answer.reason] === 'DEVICE_ERROR') faulted = true;
      if (answer.kind === 'positive' && kind !== 'status') faulted = false;
      settleHealth();
      if (answer.kind === 'negative') {
        throw new CardDispenserError(NEGATIVE[answer.reason], `${device} refused ${kind}: ${answer.reason}`);
      }
      return answer;
    });
  const command = async (kind: CommandKind): Promise<DispenserSensors> => (await exchangeOnce(kind)).sensors;

  /** Marks the dispenser busy for the length of an operation of several commands. */
  const operation = async <T>(run: () => Promise<T>): Promise<T> => {
    operations += 1;
    if (sensors && opened && transport.state === 'open') health.set('busy');
    try {
      return await run();
    } finally {
      operations -= 1;
      settleHealth();
    }
  };

  const expectCard = (s: DispenserSensors, where: DispenserSensors['card'], what: string): CardDispenserStatus => {
    if (s.card !== where) throw new CardDispenserError('DEVICE_ERROR', `${device} reported ${what} done but the card is at ${s.card}`);
    return statusOf(s);
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  async function waitTaken(o: { timeoutMs?: number } = {}): Promise<CardTakeResult> {
    const limit = o.timeoutMs ?? takeTimeoutMs;
    return operation(async () => {
      const deadline = Date.now() + limit;
      for (;;) {
        const s = await command('status');
        if (s.card === 'none') {
          log.info({ device }, 'dispensed card taken');
          return { outcome: 'taken' };
        }
        if (s.card !== 'throat') throw new CardDispenserError('NO_CARD', `no card is presented at the throat of ${device} (it is at the ${s.card})`);
        if (Date.now() >= deadline) break;
        await sleep(Math.min(takePollMs, Math.max(0, deadline - Date.now())));
      }
      try {
        await command('capture');
      } catch (err) {
        // Taken in the instant between the last look and the capture: the customer has it.
        if (err instanceof CardDispenserError && err.code === 'NO_CARD') return { outcome: 'taken' };
        throw err;
      }
      log.warn({ device, waitedMs: limit }, 'dispensed card not taken in time; captured');
      return { outcome: 'captured' };
    });
  }

  const startPolling = (): void => {
    if (pollMs <= 0 || pollTimer) return;
    pollTimer = setInterval(() => {
      if (lock.busy || operations > 0 || transport.state !== 'open' || !opened) return;
      command('status').catch((err: unknown) => log.debug({ device, code: err instanceof CardDispenserError ? err.code : 'UNKNOWN' }, 'dispenser status poll failed'));
    }, pollMs);
    pollTimer.unref?.();
  };

  return {
    description: device,
    get health(): DeviceHealthEvent<Reason> {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    status: async () => statusOf(await command('status')),
    moveToReadPosition: () => operation(async () => expectCard(await command('to-read-position'), 'read-position', 'the move to the read position')),
    dispense: () =>
      operation(async () => {
        const s = expectCard(await command('to-throat'), 'throat', 'the dispense');
        log.info({ device, stock: s.stock }, 'card presented at the throat');
        return s;
      }),
    waitTaken,
    capture: () => operation(async () => expectCard(await command('capture'), 'none', 'the capture')),
    reset: (o = {}) => operation(async () => statusOf(await command(o.capture ? 'reset-capture' : 'reset'))),
    readChip: () =>
      operation(async () => {
        const answer = await exchangeOnce('read-chip');
        if (answer.command !== 'read-chip') throw new CardDispenserError('DEVICE_ERROR', `${device} answered read-chip as ${answer.command}`);
        const read = cardReadOfChip(answer.chip, device);
        log.info({ device, card: read.maskedPan }, 'chip read at the read position');
        return read;
      }),
    async open() {
      try {
        await transport.open();
      } catch (err) {
        health.set('offline', 'disconnected');
        throw new CardDispenserError('OFFLINE', `cannot open ${device}`, { cause: err });
      }
      opened = true;
      await command('status');
      startPolling();
    },
    async close() {
      opened = false;
      clearInterval(pollTimer);
      pollTimer = undefined;
      stopFrameTimer();
      exchange?.fail(new CardDispenserError('OFFLINE', `${device} was closed`));
      await transport.close();
      health.set('offline', 'disconnected');
    },
  };
}
