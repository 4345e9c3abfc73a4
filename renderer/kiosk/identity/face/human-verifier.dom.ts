// The default FaceVerifier: @vladmandic/human in the kiosk page, on the WASM backend. Face
// detection (BlazeFace), mesh (FaceMesh + iris) for the liveness movements, embedding
// (FaceRes) for the match, and the anti-spoof + liveness models on the live photo.
import { Human, type Config, type FaceResult } from '@vladmandic/human';
import {
  decideFaceCheck,
  faceCheckConfigSchema,
  type FaceCheckConfig,
  type FaceCheckResult,
  type FaceCheckSession,
  type FaceImage,
  type FaceVerifier,
  type LiveFrame,
} from '../../../../protocol/face-check.js';
import { baseConfig, countConfig, embedOnlyConfig, frameConfig, idPhotoConfig, livePhotoConfig, type HumanAssets } from './human-config.js';
import { DEFAULT_LIVENESS_RULES, judgeLiveness, photoQuality, type FaceObservation, type LivenessRules } from './liveness.js';
import { observeMesh } from './mesh-measures.js';

export interface HumanVerifierOptions extends HumanAssets {
  /** Threshold and liveness frame count; validated (a threshold outside 0..1 throws). */
  readonly config?: Partial<FaceCheckConfig>;
  readonly liveness?: Partial<Omit<LivenessRules, 'minFrames'>>;
}

/** The default verifier, plus the embedding step alone (the benchmark's baseline). */
export interface HumanFaceVerifier extends FaceVerifier {
  embed(image: FaceImage): Promise<readonly number[] | null>;
}

const now = () => performance.now();

function toImageData(image: FaceImage): ImageData {
  // ImageData wants its own ArrayBuffer-backed array; a view on a shared buffer is copied.
  const pixels = image.rgba.buffer instanceof ArrayBuffer ? new Uint8ClampedArray(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength) : new Uint8ClampedArray(image.rgba);
  return new ImageData(pixels, image.width, image.height);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Both spoof models must agree that the face is real: the lower of the two confidences. */
function antiSpoofScore(face: FaceResult): number | null {
  const scores = [face.real, face.live].filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  return scores.length > 0 ? clamp01(Math.min(...scores)) : null;
}

export async function createHumanVerifier(options: HumanVerifierOptions): Promise<HumanFaceVerifier> {
  const { threshold, minLivenessFrames } = faceCheckConfigSchema.parse(options.config ?? {});
  const rules: LivenessRules = { ...DEFAULT_LIVENESS_RULES, ...options.liveness, minFrames: minLivenessFrames };
  const human = new Human(baseConfig(options));
  await human.load();
  const engine = `human ${human.version} (${String(human.tf.getBackend())})`;

  // One detect() at a time: Human keeps per-call state (its merged config) on the instance.
  let queue: Promise<unknown> = Promise.resolve();
  const detectAll = (image: FaceImage, config: Partial<Config>): Promise<FaceResult[]> => {
    const run = queue.then(async () => (await human.detect(toImageData(image), config)).face);
    queue = run.catch(() => undefined);
    return run;
  };
  const detectOne = async (image: FaceImage, config: Partial<Config>): Promise<FaceResult | null> => (await detectAll(image, config))[0] ?? null;
  const embeddingOf = (face: FaceResult | null): number[] | null => (face?.embedding && face.embedding.length > 0 ? face.embedding : null);

  return {
    engine,
    threshold,
    async embed(image) {
      return embeddingOf(await detectOne(image, embedOnlyConfig));
    },
    async countFaces(image) {
      return (await detectAll(image, countConfig)).length;
    },
    async begin(idPhoto): Promise<FaceCheckSession> {
      const started = now();
      let idEmbedding = embeddingOf(await detectOne(idPhoto, idPhotoConfig));
      const idPhotoMs = now() - started;
      let observations: (FaceObservation | null)[] = [];
      let framesMs = 0;
      let best: { image: FaceImage; quality: number } | null = null;
      let done = false;
      const end = () => {
        done = true;
        idEmbedding = null;
        observations = [];
        best = null;
      };
      const answer = async (livePhoto: FaceImage | undefined): Promise<FaceCheckResult> => {
        const t0 = now();
        const photo = livePhoto ?? best?.image;
        const face = photo ? await detectOne(photo, livePhotoConfig) : null;
        const liveEmbedding = embeddingOf(face);
        const score = idEmbedding && liveEmbedding ? clamp01(human.match.similarity(idEmbedding, liveEmbedding)) : 0;
        const liveness = judgeLiveness(observations, face ? antiSpoofScore(face) : null, rules);
        const decision = decideFaceCheck({ facesFound: idEmbedding !== null && liveEmbedding !== null, liveness, score, threshold });
        return { score, threshold, decision, liveness, timings: { idPhotoMs, framesMs, answerMs: now() - t0 }, engine };
      };
      return {
        async addFrame(frame: LiveFrame) {
          if (done) throw new Error('this face check has ended');
          const t0 = now();
          const face = await detectOne(frame.image, frameConfig);
          // Cancelled while the model ran: keep nothing of this face.
          if (done) return;
          const observation = face ? observeMesh(face.mesh, face.rotation?.angle.yaw ?? 0) : null;
          observations.push(observation);
          if (observation && (!best || photoQuality(observation) > best.quality)) best = { image: frame.image, quality: photoQuality(observation) };
          framesMs += now() - t0;
        },
        async finish(livePhoto) {
          if (done) throw new Error('this face check has ended');
          // Ended before the first await, so a second finish() cannot run alongside this one;
          // the face data is dropped afterwards whether the models answered or threw.
          done = true;
          try {
            return await answer(livePhoto);
          } finally {
            end();
          }
        },
        cancel: end,
      };
    },
  };
}
