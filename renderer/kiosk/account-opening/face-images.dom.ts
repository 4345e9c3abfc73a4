// The two pictures of the face step, between the bridge's base64 and the verifier's pixels:
// the ID card's photo (JPEG from the host) decoded into a FaceImage, and the accepted live
// photo encoded as a JPEG for the application. Both through a canvas, nothing written to disk
// or put behind a URL.
import type { InlineImage } from '../../../protocol/account-opening.js';
import type { FaceImage } from '../../../protocol/face-check.js';
import { decodePhoto } from '../identity/face/frames.dom.js';

/** The contract's bound on an inline image's base64 (inlineImageSchema). */
export const MAX_INLINE_BASE64 = 400_000;
const JPEG_QUALITIES = [0.85, 0.7, 0.5] as const;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeInlineImage(image: InlineImage): Promise<FaceImage> {
  return decodePhoto(new Blob([bytesOf(image.base64)], { type: image.mime }));
}

function blobOf(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', quality));
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode with a whole photo's bytes as arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The live photo as a JPEG within the contract's size; a lower quality if the first is too big. */
export async function encodeJpeg(image: FaceImage): Promise<InlineImage> {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas context');
  context.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
  try {
    for (const quality of JPEG_QUALITIES) {
      const base64 = await base64Of(await blobOf(canvas, quality));
      if (base64.length <= MAX_INLINE_BASE64) return { mime: 'image/jpeg', base64 };
    }
    throw new Error('the photo is too large to send');
  } finally {
    context.clearRect(0, 0, canvas.width, canvas.height);
  }
}
