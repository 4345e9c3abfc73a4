// The photo block of a SIMULATED resident ID card. A real card's chip holds the holder's photo
// WLT-compressed in 1024 bytes, which only the vendor's licensed library decodes; the simulator
// instead puts a reference to a demo portrait there ('SIMPHOTO:hopper-id', zero-padded to 1024
// bytes), which the demo photo decoder (electron/host/journeys/demo-id-photo-decoder.node.ts)
// turns into that portrait's JPEG. Nothing real reads this form.
const PHOTO_BYTES = 1024;
export const SIMULATED_PHOTO_PREFIX = 'SIMPHOTO:';
const PORTRAIT = /^[a-z0-9-]{1,40}$/;

export function simulatedPhotoBlock(portrait: string): Uint8Array {
  if (!PORTRAIT.test(portrait)) throw new TypeError('a portrait name is lower-case letters, digits and dashes');
  const block = new Uint8Array(PHOTO_BYTES);
  block.set([...`${SIMULATED_PHOTO_PREFIX}${portrait}`].map((c) => c.charCodeAt(0)));
  return block;
}

/** The portrait a simulated photo block names, or null for any other block (a real WLT photo). */
export function simulatedPortraitOf(block: Uint8Array): string | null {
  const head = String.fromCharCode(...block.subarray(0, SIMULATED_PHOTO_PREFIX.length + 41));
  if (!head.startsWith(SIMULATED_PHOTO_PREFIX)) return null;
  const name = head.slice(SIMULATED_PHOTO_PREFIX.length).split('\0')[0] ?? '';
  return PORTRAIT.test(name) ? name : null;
}
