// The part of @pokusew/pcsclite the driver uses, as structural types: the real module fits
// them (checked in pcsc-reader.node.ts) and so does the in-memory fake of pcsc-simulator.node.ts.
export interface PcscStatus {
  state: number;
  atr?: Buffer;
}

export interface PcscReaderLike {
  readonly name: string;
  readonly SCARD_STATE_EMPTY: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_UNPOWER_CARD: number;
  on(event: 'status', listener: (status: PcscStatus) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  connect(options: { share_mode?: number; protocol?: number }, callback: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, callback: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, callback: (err: unknown, response: Buffer) => void): void;
  close(): void;
}

export interface PcscLike {
  on(event: 'reader', listener: (reader: PcscReaderLike) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

export type PcscFactory = () => PcscLike | Promise<PcscLike>;

/** Values of pcsclite.h (the same on every pcsc-lite build). */
export const SCARD = {
  STATE_CHANGED: 0x2,
  STATE_EMPTY: 0x10,
  STATE_PRESENT: 0x20,
  STATE_INUSE: 0x100,
  STATE_MUTE: 0x200,
  SHARE_SHARED: 2,
  PROTOCOL_T0: 1,
  PROTOCOL_T1: 2,
  LEAVE_CARD: 0,
  UNPOWER_CARD: 2,
} as const;
