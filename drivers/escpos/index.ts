// Public API of the ESC/POS receipt printer stack. The simulator and the transports live in
// their own *.node.ts files (simulator.node.ts, ../transports/*) so production code that
// only prints does not load socat or server helpers.
export type { Align, CutBlock, FeedBlock, QrBlock, QrErrorCorrection, ReceiptBlock, ReceiptDocument, RuleBlock, TextBlock, TextSize } from './codec/document.js';
export { receiptDocumentSchema } from './codec/document.js';
export { EncodeError, encodeReceipt, encodeStatusRequest, encodeTransmitPaperStatus, sanitizeText, QR_MAX_BYTES, type EncodeErrorCode, type EncodeOptions } from './codec/encoder.js';
export type { DecodeError, DecodeErrorCode, DecodeItem, EscPosCommand } from './codec/commands.js';
export { isDecodeError } from './codec/commands.js';
export { EscPosDecoder, decodeAll, type DecodedFrame } from './codec/decoder.js';
export { renderReceiptText, type RenderOptions } from './codec/render.js';
export { decodeStatusReplies, encodeStatusReply, toPrinterStatus, type StatusReplies } from './codec/status.js';
export { createEscPosPrinter, type EscPosPrinterOptions } from './printer.js';
export { healthFor, refusalFor } from './health.js';
export { PrinterError } from '../device-classes.js';
export type { DeviceHealthEvent, HealthState, PrintResult, PrinterErrorCode, PrinterHealthReason, PrinterStatus, ReceiptPrinter } from '../device-classes.js';
