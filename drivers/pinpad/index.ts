// Public API of the encrypting PIN pad (issue 10): the EPP dialect's codec, the ISO 9564 PIN
// block fields, and the driver as the PinPad device class. The simulator (simulator.node.ts)
// and the ciphers (pin-block-crypto.node.ts) are imported from their own files so production
// code loads neither socat nor a PIN block decipherer.
export { PinPadError } from '../device-classes.js';
export type { PinBlock, PinEntryEvent, PinPad, PinPadErrorCode, PinPadHealthReason, PinRequest } from '../device-classes.js';
export { createPinPad, type PinPadOptions } from './pinpad.js';
export { encodeFrame, PinPadFrameDecoder, type PinPadFrame, type PinPadFrameItem } from './codec/frame.js';
export { decodeCommand, decodeReply, encodeCommand, encodeReply, type KeyEvent, type NakReason, type PinBlockFormat, type PinPadCommand, type PinPadReply } from './codec/messages.js';
export { isDecodeError, type PinPadDecodeError, type PinPadDecodeErrorCode } from './codec/errors.js';
export { DEMO_PIN_KEYS, type PinKey } from './demo-keys.js';
