// What the magnetic stripe driver needs from a way of receiving swipes (serial framing, HID
// reports, keyboard wedge): swipes as track bytes, framing problems as decode errors, and
// whether the link is up. The driver decodes, masks, logs and reports health on top.
import type { SwipeTracks } from '../codec/iso7813.js';
import type { CardDecodeError } from '../codec/errors.js';
import type { TransportState } from '../../transports/byte-transport.js';

export type SwipeEvent =
  /** A swipe as one track stream ("%B…?;…?"); the driver zeroes `data` after decoding. */
  | { kind: 'text'; data: Uint8Array }
  /** A swipe whose tracks arrived apart (HID); `failed` lists tracks the reader could not read. */
  | { kind: 'tracks'; tracks: SwipeTracks; failed: number[] }
  | { kind: 'error'; error: CardDecodeError };

export interface SwipeSource {
  readonly description: string;
  open(): Promise<void>;
  close(): Promise<void>;
  onSwipe(cb: (e: SwipeEvent) => void): () => void;
  onState(cb: (state: TransportState) => void): () => void;
}
