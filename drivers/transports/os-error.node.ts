// The operating system's reason behind a transport failure (EACCES, ENOENT, EBUSY, …), kept
// as data so the technician's tools can say what to do about it. Node's own errors (net)
// carry code/errno/syscall; serialport's native binding only puts C's strerror text in the
// message, so the code is recovered from that text.
import { constants } from 'node:os';

export interface OsErrorInfo {
  /** e.g. 'EACCES' */
  code: string;
  /** Negative, as libuv reports it (Node's convention), e.g. -13. */
  errno?: number;
  /** e.g. 'open', 'connect' */
  syscall?: string;
}

/** glibc's strerror texts for the errors a serial or HID open can meet. */
const STRERROR: readonly [RegExp, string][] = [
  [/permission denied/i, 'EACCES'],
  [/operation not permitted/i, 'EPERM'],
  [/no such file or directory/i, 'ENOENT'],
  [/device or resource busy/i, 'EBUSY'],
  [/resource temporarily unavailable|cannot lock port/i, 'EAGAIN'],
  [/inappropriate ioctl for device/i, 'ENOTTY'],
  [/input\/output error/i, 'EIO'],
  [/no such device or address/i, 'ENXIO'],
  [/no such device/i, 'ENODEV'],
];

const errnoOf = (code: string): number | undefined => {
  const n = (constants.errno as Record<string, number | undefined>)[code];
  return n === undefined ? undefined : -n;
};

/** The OS error inside `err` (its own fields, its cause's, or its message), or null. */
export function osErrorOf(err: unknown, syscall?: string): OsErrorInfo | null {
  if (!(err instanceof Error)) return null;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code)) {
    return { code: e.code, ...(typeof e.errno === 'number' ? { errno: e.errno } : errnoOf(e.code) !== undefined ? { errno: errnoOf(e.code) } : {}), ...((e.syscall ?? syscall) ? { syscall: e.syscall ?? syscall } : {}) };
  }
  for (const [pattern, code] of STRERROR) {
    if (pattern.test(err.message)) return { code, ...(errnoOf(code) !== undefined ? { errno: errnoOf(code) } : {}), ...(syscall ? { syscall } : {}) };
  }
  return err.cause ? osErrorOf(err.cause, syscall) : null;
}

/** What a technician does about it; null when there is nothing specific to say. */
export function osErrorHint(code: string, where: 'device' | 'network'): string | null {
  if (where === 'device') {
    if (code === 'EACCES' || code === 'EPERM') return 'add the kiosk user to the dialout group, or install the udev rules (kioskctl udev)';
    if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') return 'nothing is there: check the cable and the configured path (kioskctl devices lists what is plugged in)';
    if (code === 'EBUSY' || code === 'EAGAIN') return 'another program holds the port (ModemManager, a second kiosk host, a terminal program)';
    if (code === 'ENOTTY') return 'that path is not a serial port';
    if (code === 'EIO') return 'the device stopped answering: replug it';
    return null;
  }
  if (code === 'ECONNREFUSED') return 'nothing listens there: check the printer is on and the port (usually 9100)';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') return 'no route to the device: check the network cable and its IP address';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve: use the IP address or fix DNS';
  return null;
}
