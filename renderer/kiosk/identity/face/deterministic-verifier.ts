// A FaceVerifier with no model, for unit tests and journey tests: each test image says in its
// first pixel whom it shows and how (tagFaceImage), and the verifier answers from that through
// the same liveness rule (liveness.ts) and decision rule (decideFaceCheck) as the real one, so
// a journey test can script a match, a mismatch or a photo attack and always get the same answer.
import { decideFaceCheck, faceCheckConfigSchema, type FaceCheckConfig, type FaceCheckResult, type FaceCheckSession, type FaceImage, type FaceVerifier } from '../../../../protocol/face-check.js';
import { DEFAULT_LIVENESS_RULES, judgeLiveness, photoQuality, type FaceObservation, type LivenessRules } from './liveness.js';

export interface FaceTag {
  /** 1..255; 0 means "no face in this picture". */
  readonly person: number;
  readonly eyeOpenness?: number;
  readonly yawDeg?: number;
}

const OPEN_EYES = 0.3;

/** A small picture whose first pixel carries the tag: R = person, G = openness × 255, B = yaw + 128. */
export function tagFaceImage(tag: FaceTag, size = 4): FaceImage {
  if (!Number.isInteger(tag.person) || tag.person < 0 || tag.person > 255) throw new RangeError(`person must be 0..255, not ${tag.person}`);
  const rgba = new Uint8ClampedArray(size * size * 4).fill(128);
  rgba.set([tag.person, Math.round((tag.eyeOpenness ?? OPEN_EYES) * 255), Math.round((tag.yawDeg ?? 0) + 128), 255], 0);
  return { width: size, height: size, rgba };
}

function readTag(image: FaceImage): { person: number; observation: FaceObservation | null } {
  const [person = 0, openness = 0, yaw = 128] = image.rgba;
  return { person, observation: person === 0 ? null : { eyeOpenness: openness / 255, yawDeg: yaw - 128 } };
}

export interface DeterministicVerifierOptions {
  readonly config?: Partial<FaceCheckConfig>;
  /** Score when both pictures show the same person / different people. */
  readonly sameScore?: number;
  readonly otherScore?: number;
  /** What an anti-spoof model would say of the live photo; null: the verifier has none. */
  readonly antiSpoofScore?: number | null;
  readonly liveness?: Partial<Omit<LivenessRules, 'minFrames'>>;
  /** Milliseconds, for the timings; the default clock stands still so results compare equal. */
  readonly clock?: () => number;
}

export function createDeterministicVerifier(options: DeterministicVerifierOptions = {}): FaceVerifier {
  const { threshold, minLivenessFrames } = faceCheckConfigSchema.parse(options.config ?? {});
  const rules: LivenessRules = { ...DEFAULT_LIVENESS_RULES, ...options.liveness, minFrames: minLivenessFrames };
  const clock = options.clock ?? (() => 0);
  const sameScore = options.sameScore ?? 0.95;
  const otherScore = options.otherScore ?? 0.1;
  const engine = 'deterministic (test)';
  return {
    engine,
    threshold,
    async begin(idPhoto): Promise<FaceCheckSession> {
      const started = clock();
      const idPerson = readTag(idPhoto).person;
      const idPhotoMs = clock() - started;
      const observations: (FaceObservation | null)[] = [];
      let framesMs = 0;
      let best: { person: number; quality: number } | null = null;
      let done = false;
      return {
        async addFrame(frame) {
          if (done) throw new Error('this face check has ended');
          const t0 = clock();
          const { person, observation } = readTag(frame.image);
          observations.push(observation);
          if (observation && (!best || photoQuality(observation) > best.quality)) best = { person, quality: photoQuality(observation) };
          framesMs += clock() - t0;
        },
        async finish(livePhoto): Promise<FaceCheckResult> {
          if (done) throw new Error('this face check has ended');
          done = true;
          const t0 = clock();
          const livePerson = livePhoto ? readTag(livePhoto).person : (best?.person ?? 0);
          const facesFound = idPerson !== 0 && livePerson !== 0;
          const score = !facesFound ? 0 : idPerson === livePerson ? sameScore : otherScore;
          const liveness = judgeLiveness(observations, options.antiSpoofScore ?? null, rules);
          const decision = decideFaceCheck({ facesFound, liveness, score, threshold });
          return { score, threshold, decision, liveness, timings: { idPhotoMs, framesMs, answerMs: clock() - t0 }, engine };
        },
        cancel() {
          done = true;
          observations.length = 0;
        },
      };
    },
  };
}
