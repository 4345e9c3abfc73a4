// The photo in an identity document's chip, as an image the page's face check can use (issue 11).
// A China resident ID card stores it WLT-compressed (102×126, 1024 bytes): only the card reader
// vendor's licensed decoder (the SDK's "GetBmp"/"Wlt2Bmp" or its equivalent, shipped with the
// reader's driver package) turns it into a bitmap. A bank plugs that in behind this interface —
// run it in the device worker's process or a small helper process, since it is native code —
// and answers a JPEG or PNG. The kiosk ships only the demo decoder for the simulated reader.
import type { InlineImage } from '../../../protocol/account-opening.js';

export interface IdPhotoDecoder {
  /** Which decoder answered (logs, diagnostics). */
  readonly name: string;
  /** The chip's raw photo → an image; null when this decoder cannot read it (the face step then goes to the expert). */
  decode(raw: Uint8Array, document: 'cn-id' | 'passport'): Promise<InlineImage | null>;
}

/** No decoder configured: every photo is unreadable, and the expert checks the face on video. */
export const noIdPhotoDecoder: IdPhotoDecoder = { name: 'none', decode: async () => null };
