// Public API of the barcode / QR scanner stack: serial scanners (suffix-framed text, optional
// prefix and AIM identifier) and HID POS scanners (node-hid device injected). The PTY
// simulator is in simulator.node.ts, the node-hid opener in hid-device.node.ts.
export { classifyScan, isEmvcoQr, type ScanClass } from './codec/classify.js';
export { symbologyFromAim } from './codec/aim.js';
export { BarcodeFramer, encodeSerialScan, type BarcodeFraming, type BarcodeFrameErrorCode, type BarcodeSuffix } from './codec/serial-frame.js';
export { HidPosAssembler, encodeHidPosReports, HID_POS_REPORT_ID } from './codec/hid-pos.js';
export { createSerialBarcodeScanner, type SerialBarcodeScannerOptions } from './serial-scanner.js';
export { createHidBarcodeScanner, type HidBarcodeScannerOptions, type HidDeviceLike } from './hid-scanner.js';
export { createFakeHidScanner, type FakeHidScanner } from './sim/fake-hid.js';
export type { BarcodeHealthReason, BarcodeScan, BarcodeScanner } from '../device-classes.js';
