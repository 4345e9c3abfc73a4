import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeStream } from './call-testing.js';
import { browserMedia } from './local-media.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('camera and microphone ladder', () => {
  it('uses video and audio when the camera works', async () => {
    const stream = fakeStream(['audio', 'video']);
    const getUserMedia = vi.fn(async () => stream);
    const media = await browserMedia({ devices: { getUserMedia } })();
    expect(media.mode).toBe('video');
    media.stop();
    expect(stream.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('falls back to audio only, then to chat only', async () => {
    const audio = fakeStream(['audio']);
    const noCamera = vi.fn(async (c: MediaStreamConstraints) => {
      if (c.video) throw new DOMException('no camera', 'NotFoundError');
      return audio;
    });
    expect((await browserMedia({ devices: { getUserMedia: noCamera } })()).mode).toBe('audio');
    const nothing = vi.fn(async () => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    const none = await browserMedia({ devices: { getUserMedia: nothing } })();
    expect(none).toMatchObject({ mode: 'none', stream: null });
    expect(nothing).toHaveBeenCalledTimes(2);
  });

  it('does not wait forever for a hung camera, and stops a stream that arrives too late', async () => {
    const late = fakeStream(['audio', 'video']);
    const audio = fakeStream(['audio']);
    let release: (s: MediaStream) => void = () => undefined;
    const getUserMedia = vi.fn((c: MediaStreamConstraints) => (c.video ? new Promise<MediaStream>((r) => (release = r)) : Promise.resolve(audio)));
    const pending = browserMedia({ devices: { getUserMedia }, timeoutMs: 5_000 })();
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await pending).mode).toBe('audio');
    release(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.tracks.every((t) => t.stopped)).toBe(true);
  });
});
