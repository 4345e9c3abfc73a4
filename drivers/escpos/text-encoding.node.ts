// GB18030 is what Chinese-model ESC/POS printers expect once FS & selects Chinese mode; it
// covers all of Unicode, so rare names and symbols survive (GBK would lose them).
import iconv from 'iconv-lite';

export function encodeGb18030(text: string): Uint8Array {
  return iconv.encode(text, 'gb18030');
}

export function decodeGb18030(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
}
