// The encrypting PIN pad driver: our EPP dialect (codec/) over a byte transport, exposed as the
// PinPad device class. One command is outstanding at a time and each waits for its answer
// (ACK, NAK or data); a torn or corrupt answer makes the driver send the command once more
// (every command of the dialect may be repeated safely), silence past the reply timeout is
// 'no-response'. While an entry runs the pad reports key functions on its own; they surface
// as digit counts only. The PAN given to readPin goes to the pad and nowhere else: it is not
// logged and not kept after the call (PCI DSS, DESIGN.md §4 and §9).
import { PinPadError, type DeviceHealthEvent, type PinBlock, type PinEntryEvent, type PinPad, type PinPadHealthReason, type PinRequest } from '../device-classes.js';
import { createDeviceHealth } from '../shared/device-health.js';
import { createListeners } from '../shared/listeners.js';
import { createSerialLock } from '../shared/lock.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import { isDecodeError, type PinPadDecodeError } from './codec/errors.js';
import { PinPadFrameDecoder, type PinPadFrameItem } from './codec/frame.js';
import { decodeReply, encodeCommand, type NakReason, type PinPadCommand, type PinPadReply } from './codec/messages.js';

export interface PinPadOptions {
  transport: ByteTransport;
  /** How long a command waits for its answer (default 1500 ms). */
  replyTimeoutMs?: number;
  /** Quiet time after which an open frame is reported torn (default 150 ms). */
  frameTimeoutMs?: number;
  /** Status poll while idle, to notice a pad gone silent or tampered (default 5000 ms; 0 = off). */
  pollMs?: number;
  /** How long past the entry timeout the pad may stay silent before it counts as gone (default 3000 ms). */
  entryGraceMs?: number;
  /**
   * Status check while the customer types (default 1000 ms; 0 = off): a pad that dies or is
   * unplugged mid-entry is noticed within this, not at the entry timeout. A hung-up PTY or
   * USB-serial line is not always reported until the next write.
   */
  entryPollMs?: number;
  description?: string;
  log?: DriverLogger;
}

type Health = DeviceHealthEvent<PinPadHealthReason>;

const NAK_ERRORS: Record<NakReason, PinPadError['code']> = {
  'unknown-key': 'KEY_NOT_FOUND',
  'bad-parameter': 'INVALID_REQUEST',
  'no-pan': 'INVALID_REQUEST',
  'key-type': 'INVALID_REQUEST',
  'no-pin': 'DEVICE_ERROR',
  'unknown-command': 'DEVICE_ERROR',
  tampered: 'TAMPERED',
  busy: 'BUSY',
  'key-block': 'KEY_BLOCK_REJECTED',
  'no-master-key': 'NO_MASTER_KEY',
};

const KEY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

interface Pending {
  matches(reply: PinPadReply): boolean;
  settle(reply: PinPadReply): void;
  fail(err: PinPadError): void;
  /** A garbled frame arrived while this command waited: it is sent again, once. */
  garbled(): void;
}

interface Entry {
  done: Promise<void>;
  finish(): void;
  fail(err: PinPadError): void;
}

function checkRequest(req: PinRequest): { min: number; max: number } {
  const min = req.minLength ?? 4;
  const max = req.maxLength ?? 12;
  const panOk = /^\d+$/.test(req.pan) && req.pan.length >= (req.format === 0 ? 13 : 12) && req.pan.length <= 19;
  const problem =
    !panOk ? 'the PAN is not 13 (format 0) or 12 (format 4) to 19 digits'
    : !KEY_ID.test(req.keyId) ? 'the key id is not a valid key name'
    : req.format !== 0 && req.format !== 4 ? 'the PIN block format is neither 0 nor 4'
    : !Number.isInteger(min) || !Number.isInteger(max) || min < 4 || max > 12 || min > max ? 'PIN lengths must be 4 ≤ min ≤ max ≤ 12'
    : !(req.timeoutMs >= 100 && req.timeoutMs <= 6_553_500) ? 'the entry timeout must be 100 ms to 6553 s'
    : null;
  if (problem) throw new PinPadError('INVALID_REQUEST', problem);
  return { min, max };
}

export function createPinPad(opts: PinPadOptions): PinPad {
  const { transport } = opts;
  const device = opts.description ?? transport.description;
  const log = opts.log ?? silentLogger;
  const replyTimeoutMs = opts.replyTimeoutMs ?? 1500;
  const frameTimeoutMs = opts.frameTimeoutMs ?? 150;
  const pollMs = opts.pollMs ?? 5000;
  const entryGraceMs = opts.entryGraceMs ?? 3000;
  const entryPollMs = opts.entryPollMs ?? 1000;
  const health = createDeviceHealth<PinPadHealthReason>(log, device, { state: 'offline', reason: 'disconnected' });
  const entries = createListeners<PinEntryEvent>();
  const lock = createSerialLock();
  let decoder = new PinPadFrameDecoder();
  let frameTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let pending: Pending | null = null;
  let entry: Entry | null = null;
  let opened = false;

  const idleHealth = (): void => {
    if (health.current.state === 'busy') health.set('ready');
  };

  const garbled = (err: PinPadDecodeError): void => {
    log.warn({ device, code: err.code }, 'PIN pad frame rejected');
    pending?.garbled();
  };

  const onReply = (reply: PinPadReply): void => {
    if (health.current.reason === 'no-response') health.set(entry ? 'busy' : 'ready');
    if (reply.kind === 'key') {
      if (!entry) return log.debug({ device, event: reply.event }, 'key event outside a PIN entry ignored');
      if (reply.event === 'enter') entry.finish();
      else if (reply.event === 'cancel') entry.fail(new PinPadError('PIN_CANCELLED', 'the customer cancelled the PIN entry'));
      else if (reply.event === 'timeout') entry.fail(new PinPadError('PIN_TIMEOUT', 'the PIN entry timed out'));
      else entries.emit({ digits: reply.digits });
      return;
    }
    if (pending?.matches(reply)) pending.settle(reply);
    else log.debug({ device, kind: reply.kind }, 'unexpected PIN pad reply ignored');
  };

  const handle = (items: PinPadFrameItem[]): void => {
    for (const item of items) {
      if (isDecodeError(item)) {
        garbled(item);
        continue;
      }
      const reply = decodeReply(item);
      item.data.fill(0);
      if (isDecodeError(reply)) garbled(reply);
      else onReply(reply);
    }
  };

  const stopFrameTimer = (): void => {
    if (frameTimer) clearTimeout(frameTimer);
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
    decoder = new PinPadFrameDecoder();
    if (!opened) return;
    health.set('offline', 'disconnected');
    const err = new PinPadError('DISCONNECTED', `${device} was disconnected`);
    pending?.fail(err);
    entry?.fail(err);
  });

  /** Sends one command and waits for the reply `matches` accepts; NAKs reject. */
  const request = (cmd: PinPadCommand, matches: (r: PinPadReply) => boolean): Promise<PinPadReply> =>
    lock.run(
      () =>
        new Promise<PinPadReply>((resolve, reject) => {
          const bytes = encodeCommand(cmd);
          let resent = false;
          let timer: ReturnType<typeof setTimeout> | undefined;
          const done = (): void => {
            clearTimeout(timer);
            pending = null;
          };
          const send = (): void => {
            clearTimeout(timer);
            timer = setTimeout(() => {
              done();
              health.set('offline', 'no-response');
              reject(new PinPadError('NO_RESPONSE', `${device} did not answer ${cmd.kind} within ${replyTimeoutMs} ms`));
            }, replyTimeoutMs);
            transport.write(bytes).catch((err: unknown) => {
              if (!pending) return;
              done();
              health.set('offline', 'disconnected');
              reject(new PinPadError('DISCONNECTED', `cannot write to ${device}`, { cause: err }));
            });
          };
          pending = {
            matches: (r) => ((r.kind === 'ack' || r.kind === 'nak') && (r.command === cmd.kind || r.command === 'unknown')) || matches(r),
            settle(r) {
              done();
              if (r.kind !== 'nak') return resolve(r);
              if (r.reason === 'tampered') health.set('error', 'tamper');
              reject(new PinPadError(NAK_ERRORS[r.reason], `${device} refused ${cmd.kind}: ${r.reason}`));
            },
            fail(err) {
              done();
              reject(err);
            },
            garbled() {
              if (resent) return;
              resent = true;
              log.info({ device, command: cmd.kind }, 'PIN pad answer garbled; sending the command again');
              send();
            },
          };
          send();
        }),
    );

  const command = (cmd: PinPadCommand): Promise<PinPadReply> => request(cmd, () => false);

  const status = async (): Promise<void> => {
    const r = await request({ kind: 'status' }, (x) => x.kind === 'status');
    if (r.kind !== 'status') return;
    if (r.tamper) health.set('error', 'tamper');
    else if (health.current.reason === 'tamper' || health.current.state === 'offline') health.set(entry ? 'busy' : 'ready');
  };

  const startPolling = (): void => {
    if (pollMs <= 0 || pollTimer) return;
    pollTimer = setInterval(() => {
      if (lock.busy || entry || transport.state !== 'open') return;
      status().catch((err: unknown) => log.debug({ device, code: (err as PinPadError).code }, 'PIN pad status poll failed'));
    }, pollMs);
    pollTimer.unref?.();
  };

  const newEntry = (): Entry => {
    let finish!: () => void;
    let fail!: (err: PinPadError) => void;
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    // Settled before readPin awaits it (a Cancel key right after the ACK): not unhandled.
    done.catch(() => undefined);
    return { done, finish, fail };
  };

  async function readPin(req: PinRequest): Promise<PinBlock> {
    const { min, max } = checkRequest(req);
    if (entry) throw new PinPadError('BUSY', 'a PIN entry is already running');
    if (transport.state !== 'open' || !opened) throw new PinPadError('DISCONNECTED', `${device} is not connected`);
    if (health.current.reason === 'tamper') throw new PinPadError('TAMPERED', `${device} reports a tamper event`);
    const current = newEntry();
    entry = current;
    health.set('busy');
    let safety: ReturnType<typeof setTimeout> | undefined;
    let watch: ReturnType<typeof setInterval> | undefined;
    let started = false;
    try {
      await command({ kind: 'select-key', keyId: req.keyId });
      await command({ kind: 'set-pan', pan: req.pan });
      await command({ kind: 'start-pin', format: req.format, minLength: min, maxLength: max, timeoutMs: req.timeoutMs });
      started = true;
      log.info({ device, keyId: req.keyId, format: req.format }, 'PIN entry started');
      safety = setTimeout(() => {
        health.set('offline', 'no-response');
        current.fail(new PinPadError('NO_RESPONSE', `${device} stayed silent past the entry timeout`));
      }, req.timeoutMs + entryGraceMs);
      if (entryPollMs > 0) {
        watch = setInterval(() => {
          if (lock.busy) return;
          status().then(
            () => {
              if (health.current.reason === 'tamper') current.fail(new PinPadError('TAMPERED', `${device} reports a tamper event`));
            },
            (err: unknown) => current.fail(err instanceof PinPadError ? err : new PinPadError('DEVICE_ERROR', `${device} failed its status check`, { cause: err })),
          );
        }, entryPollMs);
      }
      await current.done;
      started = false;
      const r = await request({ kind: 'get-pin-block' }, (x) => x.kind === 'pin-block');
      if (r.kind !== 'pin-block' || r.format !== req.format) throw new PinPadError('DEVICE_ERROR', `${device} returned a PIN block of another format`);
      const block = Array.from(r.block, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
      r.block.fill(0);
      log.info({ device, keyId: req.keyId, format: req.format }, 'PIN block received');
      return r.format === 0 ? { format: 0, keyId: req.keyId, block } : { format: 4, keyId: req.keyId, block };
    } catch (err) {
      const e = err instanceof PinPadError ? err : new PinPadError('DEVICE_ERROR', `${device} failed during PIN entry`, { cause: err });
      log.info({ device, code: e.code }, 'PIN entry ended without a PIN block');
      // The pad may still be waiting for keys (the host gave up first): end it there too —
      // unless the line is gone, where a cancel only times out and reports the pad silent.
      if (started && e.code !== 'DISCONNECTED' && transport.state === 'open') await command({ kind: 'cancel' }).catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(safety);
      clearInterval(watch);
      if (entry === current) entry = null;
      idleHealth();
    }
  }

  return {
    description: device,
    get health(): Health {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    onEntry: (cb) => entries.add(cb),
    readPin,
    async cancel() {
      const current = entry;
      if (!current) return;
      current.fail(new PinPadError('PIN_CANCELLED', 'the PIN entry was cancelled by the kiosk'));
    },
    async loadWorkingKey(keyBlock) {
      if (entry) throw new PinPadError('BUSY', 'a PIN entry is running');
      if (transport.state !== 'open' || !opened) throw new PinPadError('DISCONNECTED', `${device} is not connected`);
      let r: PinPadReply;
      try {
        r = await request({ kind: 'load-key', keyBlock }, (x) => x.kind === 'key-loaded');
      } catch (err) {
        if (err instanceof RangeError) throw new PinPadError('KEY_BLOCK_REJECTED', `not a key block the pad takes: ${err.message}`);
        throw err;
      }
      if (r.kind !== 'key-loaded') throw new PinPadError('DEVICE_ERROR', `${device} answered load-key with ${r.kind}`);
      log.info({ device, keyId: r.keyId, kcv: r.kcv }, 'PIN pad working key loaded');
      return { keyId: r.keyId, kcv: r.kcv };
    },
    async workingKey() {
      if (transport.state !== 'open' || !opened) throw new PinPadError('DISCONNECTED', `${device} is not connected`);
      try {
        const r = await request({ kind: 'key-info' }, (x) => x.kind === 'key-loaded');
        return r.kind === 'key-loaded' ? { keyId: r.keyId, kcv: r.kcv } : null;
      } catch (err) {
        if (err instanceof PinPadError && err.code === 'KEY_NOT_FOUND') return null;
        throw err;
      }
    },
    async open() {
      try {
        await transport.open();
      } catch (err) {
        health.set('offline', 'disconnected');
        throw new PinPadError('DISCONNECTED', `cannot open ${device}`, { cause: err });
      }
      opened = true;
      await status();
      startPolling();
    },
    async close() {
      opened = false;
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = undefined;
      stopFrameTimer();
      const err = new PinPadError('DISCONNECTED', `${device} was closed`);
      pending?.fail(err);
      entry?.fail(err);
      await transport.close();
      health.set('offline', 'disconnected');
    },
  };
}
