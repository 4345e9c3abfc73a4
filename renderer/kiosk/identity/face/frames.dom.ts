// Pictures into FaceImage in the page: the ID card's photo (JPEG bytes from the host) and
// frames of the camera's video element.
import type { FaceImage, LiveFrame } from '../../../../protocol/face-check.js';

function pixelsOf(source: CanvasImageSource, width: number, height: number): FaceImage {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas context');
  context.drawImage(source, 0, 0, width, height);
  return { width, height, rgba: context.getImageData(0, 0, width, height).data };
}

/** A JPEG/PNG as the card reader or a file gives it. */
export async function decodePhoto(bytes: Blob): Promise<FaceImage> {
  const bitmap = await createImageBitmap(bytes);
  try {
    return pixelsOf(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** The frame the video element shows now. */
export function grabFrame(video: HTMLVideoElement): LiveFrame {
  if (video.videoWidth === 0) throw new Error('the camera has not delivered a frame yet');
  return { image: pixelsOf(video, video.videoWidth, video.videoHeight), atMs: performance.now() };
}

/** Opens the kiosk camera into a playing, muted video element. */
export async function openCamera(constraints: MediaTrackConstraints = { width: 640, height: 480 }): Promise<{ video: HTMLVideoElement; close(): void }> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return {
    video,
    close() {
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
