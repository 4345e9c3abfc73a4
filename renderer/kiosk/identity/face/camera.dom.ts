// The kiosk camera for the face step, behind a small interface so component tests can script
// the frames (jsdom has neither a camera nor a 2D canvas). The real one plays the stream into
// the step's own <video> element: the preview and the frames the verifier sees are one picture.
import type { LiveFrame } from '../../../../protocol/face-check.js';
import { grabFrame } from './frames.dom.js';

/** Why the step cannot use a camera: the customer or the kiosk's policy refused it, or there is none. */
export type CameraProblem = 'denied' | 'missing';

export interface FaceCamera {
  /** Starts the camera into `video`; rejects with a CameraProblemError. */
  open(video: HTMLVideoElement): Promise<void>;
  /** The frame shown now. */
  grab(): LiveFrame;
  /** Stops every track and detaches it from the video element; safe to call twice. */
  close(): void;
}

export class CameraProblemError extends Error {
  constructor(readonly problem: CameraProblem, cause?: unknown) {
    super(`camera ${problem}`, { cause });
    this.name = 'CameraProblemError';
  }
}

/** getUserMedia's DOMException names → what the customer is told. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'missing';
}

export function createKioskCamera(constraints: MediaTrackConstraints = { width: 640, height: 480, facingMode: 'user' }): FaceCamera {
  let stream: MediaStream | null = null;
  let element: HTMLVideoElement | null = null;
  // Bumped by close(): an open() still waiting for getUserMedia then stops what it gets, so a
  // step that ends while the camera starts (React StrictMode does this on every mount) leaves
  // no stream running.
  let generation = 0;
  const close = () => {
    generation += 1;
    for (const track of stream?.getTracks() ?? []) track.stop();
    if (element) element.srcObject = null;
    stream = null;
    element = null;
  };
  return {
    async open(video) {
      if (!navigator.mediaDevices?.getUserMedia) throw new CameraProblemError('missing');
      const mine = generation;
      try {
        const opened = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
        if (mine !== generation) {
          for (const track of opened.getTracks()) track.stop();
          throw new Error('closed while opening');
        }
        stream = opened;
        element = video;
        video.muted = true;
        video.playsInline = true;
        video.srcObject = stream;
        await video.play();
      } catch (error) {
        if (mine === generation) close();
        throw new CameraProblemError(cameraProblemOf(error), error);
      }
    },
    grab() {
      if (!element) throw new Error('the camera is not open');
      return grabFrame(element);
    },
    close,
  };
}
