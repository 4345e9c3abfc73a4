// The customer's camera and microphone, with a ladder for failures: video and audio, else
// audio only (the page shows "audio only"), else nothing (chat only). Each step has a
// deadline: a hung camera driver must not stall the call, and a stream that arrives after
// its deadline is stopped at once so the camera light goes off.
export type MediaMode = 'video' | 'audio' | 'none';

export interface LocalMedia {
  stream: MediaStream | null;
  mode: MediaMode;
  /** Stops every track: releases the camera and microphone. */
  stop(): void;
}

export type MediaSource = () => Promise<LocalMedia>;

const stopAll = (stream: MediaStream | null) => stream?.getTracks().forEach((track) => track.stop());

export const noMedia: MediaSource = async () => ({ stream: null, mode: 'none', stop: () => undefined });

function withDeadline(getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>, constraints: MediaStreamConstraints, timeoutMs: number): Promise<MediaStream> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error('getUserMedia timed out'));
    }, timeoutMs);
    getUserMedia(constraints).then(
      (stream) => {
        clearTimeout(timer);
        if (late) stopAll(stream);
        else resolve(stream);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function browserMedia(opts: { timeoutMs?: number; devices?: Pick<MediaDevices, 'getUserMedia'> } = {}): MediaSource {
  const timeoutMs = opts.timeoutMs ?? 8_000;
  return async () => {
    const devices = opts.devices ?? globalThis.navigator?.mediaDevices;
    if (!devices) return noMedia();
    const get = (c: MediaStreamConstraints) => devices.getUserMedia(c);
    const ladder: [MediaMode, MediaStreamConstraints][] = [
      ['video', { video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: { echoCancellation: true, noiseSuppression: true } }],
      ['audio', { audio: { echoCancellation: true, noiseSuppression: true } }],
    ];
    for (const [mode, constraints] of ladder) {
      try {
        const stream = await withDeadline(get, constraints, timeoutMs);
        return { stream, mode, stop: () => stopAll(stream) };
      } catch {
        // Next rung: no camera (or it is busy or refused) still leaves the microphone.
      }
    }
    return noMedia();
  };
}
