// Bridge error codes and print failure codes → customer messages ("what happened, what to
// do next"). Both maps are keyed by the contract's enums, so a new code fails the type check
// until it has a message.
import { BridgeError, isBridgeErrorCode, isPrintFailureCode, type BridgeErrorCode, type PrintFailureCode } from '../../electron/bridge/envelope.js';
import type zhCN from './zh-CN.json';

export type ErrorMessageKey = `errors.${keyof typeof zhCN.errors}`;

const messageByCode: Record<BridgeErrorCode, ErrorMessageKey> = {
  PRINTER_NOT_READY: 'errors.printerNotReady',
  DEVICE_UNAVAILABLE: 'errors.deviceUnavailable',
  OFFLINE_NOT_ALLOWED: 'errors.offlineNotAllowed',
  STORAGE_FULL: 'errors.storageFull',
  NOT_FOUND: 'errors.notFound',
  UNKNOWN_METHOD: 'errors.generic',
  BAD_REQUEST: 'errors.generic',
  BAD_RESPONSE: 'errors.generic',
  UNAUTHORIZED: 'errors.generic',
  INTERNAL: 'errors.generic',
};

const messageByPrintFailure: Record<PrintFailureCode, ErrorMessageKey> = {
  PAPER_OUT: 'errors.paperOut',
  COVER_OPEN: 'errors.coverOpen',
  OFFLINE: 'errors.printerOffline',
  DEVICE_UNAVAILABLE: 'errors.printerOffline',
  TIMEOUT: 'errors.printerFault',
  IO: 'errors.printerFault',
  PRINTER_NOT_READY: 'errors.printerNotReady',
};

export function errorMessageKey(code: string | undefined): ErrorMessageKey {
  return isBridgeErrorCode(code) ? messageByCode[code] : 'errors.generic';
}

export function printFailureMessageKey(code: PrintFailureCode | undefined): ErrorMessageKey {
  return isPrintFailureCode(code) ? messageByPrintFailure[code] : 'errors.printerNotReady';
}

/** The stable code of anything a bridge call threw; non-bridge failures count as INTERNAL. */
export function errorCodeOf(error: unknown): BridgeErrorCode {
  return error instanceof BridgeError ? error.code : 'INTERNAL';
}
