// Builds a DeviceHandle from a device's config. One entry per driver name; the worker is the
// only place drivers are instantiated. What leaves a handle as an event is masked: full PAN,
// track data and full ID fields never cross the process boundary or reach a log.
import HID from 'node-hid';
import { classifyScan, createHidBarcodeScanner, createSerialBarcodeScanner } from '../../../drivers/barcode/index.js';
import { openHidPosDevice } from '../../../drivers/barcode/hid-device.node.js';
import { createMagstripeReader, createPcscCardReader } from '../../../drivers/card/index.js';
import type { BarcodeScanner, IdReader } from '../../../drivers/device-classes.js';
import { CardSealError, sealIdentitySecret } from '../../../drivers/card/seal-card.node.js';
import { identitySecretOf } from '../../../drivers/id/identity-secret.js';
import { cardKeySchema, type CardKey, type SealedIdentity } from '../../../protocol/card-security.js';
import { createPinPad } from '../../../drivers/pinpad/pinpad.js';
import { createCardDispenser } from '../../../drivers/dispenser/dispenser.js';
import { createEscPosPrinter, PrinterError, receiptDocumentSchema } from '../../../drivers/escpos/index.js';
import { createChinaIdReader, createLicenceReader, createMrzReader } from '../../../drivers/id/index.js';
import type { DriverLogger } from '../../../drivers/shared/logger.js';
import type { ByteTransport } from '../../../drivers/transports/byte-transport.js';
import { createSerialTransport } from '../../../drivers/transports/serial.node.js';
import { createTcpTransport } from '../../../drivers/transports/tcp.node.js';
import { cardHandle } from './card-handle.node.js';
import { createCardKeeper } from './card-keeper.node.js';
import { workerCardVault } from './card-vault.js';
import { DeviceCallError, type DeviceHandle } from './device-handle.js';
import { pinPadHandle } from './pin-pad-handle.js';
import { dispenserHandle } from './dispenser-handle.js';
import type { DeviceConfig } from './device-config.js';
import { createUsbSerialTransport } from './usb-serial.node.js';
import { createDocumentHolder, takeDocumentArgsSchema } from './held-document.js';

export type DriverFactory = (config: DeviceConfig, log: DriverLogger) => DeviceHandle;

function byteTransport(config: DeviceConfig): ByteTransport {
  const t = config.transport;
  if (t.type === 'tcp') return createTcpTransport({ host: t.host, port: t.port });
  if (t.type === 'serial') return createSerialTransport({ path: t.path, baudRate: t.baudRate });
  if (t.type === 'usb-serial') return createUsbSerialTransport(t);
  throw new DeviceCallError('CONFIG', `driver ${config.driver} cannot use a ${t.type} transport (role ${config.role})`);
}

function hidIds(config: DeviceConfig): { vendorId: number; productId: number } {
  const t = config.transport;
  if (t.type !== 'hid') throw new DeviceCallError('CONFIG', `driver ${config.driver} needs a hid transport (role ${config.role})`);
  return { vendorId: parseInt(t.vendorId, 16), productId: parseInt(t.productId, 16) };
}

/** Per-device timing from the config's options (e.g. a site that gives customers longer). */
function dispenserOptions(config: DeviceConfig): { takeTimeoutMs?: number; pollMs?: number } {
  const { takeTimeoutMs, pollMs } = config.options;
  return { ...(typeof takeTimeoutMs === 'number' ? { takeTimeoutMs } : {}), ...(typeof pollMs === 'number' ? { pollMs } : {}) };
}

type Reader = IdReader | BarcodeScanner;

/** The common face of the reader classes; `forward` wires the class's own events. */
function readerHandle(config: DeviceConfig, device: Reader, forward: (emit: (name: string, payload: unknown) => void) => void): DeviceHandle {
  return {
    role: config.role,
    health: () => device.health,
    onHealth: (cb) => void device.onHealth(cb),
    onEvent: (cb) => {
      forward(cb);
      device.onError((err) => cb('read-error', { code: err.code, ...(err.field ? { field: err.field } : {}) }));
    },
    open: () => device.open(),
    close: () => device.close(),
    call: () => Promise.reject(new DeviceCallError('UNKNOWN_METHOD', `${config.kind} ${config.role} takes no calls`)),
  };
}

/**
 * An ID reader: each document leaves the worker masked (its toJSON) and, once the host has given
 * the hub's card-data key, a China resident ID also sealed to it (statements by ID card + PIN).
 * The newest document is held by reference (`docRef`) for a journey that must file it in full
 * (account opening): `take-document` hands it over once (held-document.ts).
 */
function idHandle(config: DeviceConfig, reader: IdReader, log: DriverLogger): DeviceHandle {
  let cardKey: CardKey | null = null;
  const holder = createDocumentHolder();
  const handle = readerHandle(config, reader, (emit) =>
    reader.onDocument((doc) => {
      const docRef = holder.keep(doc);
      let sealed: SealedIdentity | null = null;
      if (cardKey && doc.kind === 'cn-resident-id') {
        try {
          sealed = sealIdentitySecret(identitySecretOf(doc), cardKey);
        } catch (err) {
          log.warn({ code: err instanceof CardSealError ? err.code : 'SEAL_FAILED' }, 'ID card could not be sealed');
        }
      }
      emit('document', { ...doc.toJSON(), docRef, ...(sealed ? { sealed } : {}) });
    }),
  );
  return {
    ...handle,
    close: async () => {
      holder.clear();
      await handle.close();
    },
    async call(method, args) {
      if (method === 'take-document') {
        const ref = takeDocumentArgsSchema.safeParse(args);
        if (!ref.success) throw new DeviceCallError('INVALID_ARGS', 'take-document takes {docRef}');
        const doc = holder.take(ref.data.docRef);
        if (!doc) throw new DeviceCallError('NO_DOCUMENT', 'the document was taken, replaced by a newer read, or held too long');
        return doc;
      }
      if (method !== 'set-card-key') return handle.call(method, args);
      const key = cardKeySchema.safeParse(args);
      if (!key.success) throw new DeviceCallError('INVALID_ARGS', 'set-card-key takes a card-data key {alg, keyId, publicKey}');
      cardKey = key.data;
      return { keyId: cardKey.keyId };
    },
  };
}

const scannerHandle = (config: DeviceConfig, scanner: BarcodeScanner): DeviceHandle =>
  readerHandle(config, scanner, (emit) =>
    scanner.onScan((scan) => {
      const kind = classifyScan(scan.data);
      // A licence barcode is personal data: only its class crosses, never its text.
      emit('scan', kind.kind === 'drivers-licence' ? { kind } : { kind, data: scan.data, symbology: scan.symbology });
    }),
  );

const escpos: DriverFactory = (config, log) => {
  const printer = createEscPosPrinter({ transport: byteTransport(config), log });
  return {
    role: config.role,
    health: () => printer.health,
    onHealth: (cb) => void printer.onHealth(cb),
    onEvent: () => undefined,
    open: () => printer.open(),
    close: () => printer.close(),
    async call(method, args) {
      try {
        if (method === 'print') return await printer.print(receiptDocumentSchema.parse(args));
        if (method === 'status') return await printer.getStatus();
      } catch (err) {
        if (err instanceof PrinterError) throw new DeviceCallError(err.code, err.message);
        throw err;
      }
      throw new DeviceCallError('UNKNOWN_METHOD', `receipt printer has no method ${method}`);
    },
  };
};

export const driverFactories: Readonly<Record<string, DriverFactory>> = {
  escpos,
  'msr-serial': (c, log) => cardHandle(c, createMagstripeReader({ transport: byteTransport(c), log }), workerCardVault, log),
  'msr-hid': (c, log) => {
    const { vendorId, productId } = hidIds(c);
    return cardHandle(c, createMagstripeReader({ hid: () => new HID.HID(vendorId, productId), log }), workerCardVault, log);
  },
  'emv-pcsc': (c, log) => {
    const reader = c.transport.type === 'pcsc' ? c.transport.reader : undefined;
    return cardHandle(c, createPcscCardReader({ log, ...(reader ? { readerName: new RegExp(reader.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) } : {}) }), workerCardVault, log);
  },
  mrz: (c, log) => idHandle(c, createMrzReader({ transport: byteTransport(c), log }), log),
  'cn-id': (c, log) => idHandle(c, createChinaIdReader({ transport: byteTransport(c), log }), log),
  aamva: (c, log) => idHandle(c, createLicenceReader({ scanner: createSerialBarcodeScanner({ transport: byteTransport(c), log }), log }), log),
  'barcode-serial': (c, log) => scannerHandle(c, createSerialBarcodeScanner({ transport: byteTransport(c), log })),
  'barcode-hid': (c, log) => scannerHandle(c, createHidBarcodeScanner({ openDevice: () => openHidPosDevice(hidIds(c)), log })),
  'epp-serial': (c, log) => pinPadHandle(c, createPinPad({ transport: byteTransport(c), log }), workerCardVault),
  'dispenser-serial': (c, log) => dispenserHandle(c, createCardDispenser({ transport: byteTransport(c), log, ...dispenserOptions(c) }), createCardKeeper(c.role, workerCardVault, log)),
};
