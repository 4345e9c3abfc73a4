// Public API of the payment card readers (issue #4): magnetic stripe (serial, HID, keyboard
// wedge) and chip over PC/SC, both as the CardReader device class. Simulators live in their
// own *.node.ts files (msr-simulator, emv/pcsc-simulator, emv/vpcd-client, emv/pcscd-sandbox)
// so production code does not load socat, fake devices or test daemons.
export { CardReadError } from '../device-classes.js';
export type { CardExpiry, CardName, CardReader, CardReaderHealthReason, CardReadErrorCode, CardSource, MaskedCardRead } from '../device-classes.js';
export { CardRead, maskPan } from './codec/card-read.js';
export { luhnValid } from './codec/luhn.js';
export { decodeTracks, parseTrack1, parseTrack2, type SwipeTracks, type TrackFields } from './codec/iso7813.js';
export { decodeSwipe, encodeSwipeText, encodeTrack1, encodeTrack2, splitTracks, type MagstripeCard } from './codec/tracks.js';
export { encodeMsrFrame, MsrFrameDecoder, type MsrFrameItem } from './codec/msr-frame.js';
export { encodeMagtekReport, parseMagtekReport, type HidSwipe } from './codec/hid-report.js';
export { isDecodeError, type CardDecodeError, type CardDecodeErrorCode } from './codec/errors.js';
export { WedgeDetector, type KeyEvent, type WedgeOptions, type WedgeOutput } from './wedge.js';
export { createMagstripeReader, type MagstripeInput, type MagstripeReaderOptions } from './magstripe-reader.js';
export type { HidDeviceInput, HidDeviceLike } from './msr/hid-source.js';
export type { KeySource, WedgeInput } from './msr/wedge-source.js';
export { CANDIDATE_AIDS, PPSE, PSE, readEmvCard, type EmvReadOptions, type EmvReadResult } from './emv/flow.js';
export type { Transmit } from './emv/exchange.js';
export { createPcscCardReader, type PcscCardReaderOptions } from './emv/pcsc-reader.node.js';
export type { PcscFactory, PcscLike, PcscReaderLike } from './emv/pcsc-types.js';
