// Bridge error codes → customer messages ("what happened, what to do next"). The map is
// keyed by the contract's enum, so a new host error code fails the type check until it has
// a message. Codes outside the enum (e.g. a printer outcome code) get the generic message.
import { BridgeError, errorCodeSchema, type BridgeErrorCode } from '../../electron/bridge/contract.js';
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

export function errorMessageKey(code: string | undefined): ErrorMessageKey {
  const known = errorCodeSchema.safeParse(code);
  return known.success ? messageByCode[known.data] : 'errors.generic';
}

/** The stable code of anything a bridge call threw; non-bridge failures count as INTERNAL. */
export function errorCodeOf(error: unknown): BridgeErrorCode {
  return error instanceof BridgeError ? error.code : 'INTERNAL';
}
