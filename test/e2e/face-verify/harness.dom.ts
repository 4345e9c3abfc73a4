// The page the face-verify e2e test and benchmark drive: the default verifier with the
// Chromium fake camera, as the kiosk page will run it, reached through window.faceHarness.
import { verifyFace, type FaceCheckResult, type FaceImage } from '../../../protocol/face-check.js';
import { decodePhoto, grabFrame, openCamera } from '../../../renderer/kiosk/identity/face/frames.dom.js';
import { createHumanVerifier, type HumanFaceVerifier } from '../../../renderer/kiosk/identity/face/human-verifier.dom.js';

export interface CheckOptions {
  /** Frames of the liveness step, grabbed at most every intervalMs. */
  readonly frames: number;
  readonly intervalMs: number;
}

export interface FaceHarness {
  engine(): Promise<string>;
  /** One whole check: the card photo at `idPhotoUrl` against the camera (live photo: the verifier's pick of the frames). */
  check(idPhotoUrl: string, options: CheckOptions): Promise<FaceCheckResult>;
  /** Only the match: the card photo against a still photo file, liveness frames from the camera. */
  checkPhoto(idPhotoUrl: string, livePhotoUrl: string, options: CheckOptions): Promise<FaceCheckResult>;
  /** The embedding step alone on one camera frame, in ms (the benchmark's baseline). */
  timeEmbedding(): Promise<number>;
  /** Live photo → answer, in ms, for one check whose card photo and frames are done before the clock starts (the live photo is the verifier's pick of the frames, as in check). */
  timeAnswer(idPhotoUrl: string, options: CheckOptions): Promise<{ ms: number; result: FaceCheckResult }>;
}

const ASSETS = { modelsUrl: '/models/', wasmUrl: '/wasm/' };
let verifier: Promise<HumanFaceVerifier> | null = null;
let camera: ReturnType<typeof openCamera> | null = null;

const getVerifier = () => (verifier ??= createHumanVerifier(ASSETS));
const getCamera = () => (camera ??= openCamera());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function photo(url: string): Promise<FaceImage> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return decodePhoto(await response.blob());
}

/** Grabs `frames` camera frames, at most one every intervalMs, passing each on as it comes. */
async function liveFrames(options: CheckOptions, onFrame: (frame: ReturnType<typeof grabFrame>) => Promise<void>): Promise<void> {
  const { video } = await getCamera();
  for (let i = 0; i < options.frames; i++) {
    const grabbed = performance.now();
    await onFrame(grabFrame(video));
    await sleep(Math.max(0, options.intervalMs - (performance.now() - grabbed)));
  }
}

const harness: FaceHarness = {
  async engine() {
    return (await getVerifier()).engine;
  },
  async check(idPhotoUrl, options) {
    const [v, idPhoto] = await Promise.all([getVerifier(), photo(idPhotoUrl)]);
    const session = await v.begin(idPhoto);
    await liveFrames(options, (frame) => session.addFrame(frame));
    // The verifier picks the live photo among the frames: one grabbed now might be mid-blink.
    return session.finish();
  },
  async checkPhoto(idPhotoUrl, livePhotoUrl, options) {
    const [v, idPhoto, livePhoto] = await Promise.all([getVerifier(), photo(idPhotoUrl), photo(livePhotoUrl)]);
    const frames: ReturnType<typeof grabFrame>[] = [];
    await liveFrames(options, async (frame) => void frames.push(frame));
    return verifyFace(v, { idPhoto, frames, livePhoto });
  },
  async timeEmbedding() {
    const v = await getVerifier();
    const frame = grabFrame((await getCamera()).video);
    const t0 = performance.now();
    await v.embed(frame.image);
    return performance.now() - t0;
  },
  async timeAnswer(idPhotoUrl, options) {
    const [v, idPhoto] = await Promise.all([getVerifier(), photo(idPhotoUrl)]);
    const session = await v.begin(idPhoto);
    await liveFrames(options, (frame) => session.addFrame(frame));
    const t0 = performance.now();
    const result = await session.finish();
    return { ms: performance.now() - t0, result };
  },
};

(window as unknown as { faceHarness: FaceHarness }).faceHarness = harness;
