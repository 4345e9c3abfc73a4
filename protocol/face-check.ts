// Face check for identity journeys (issue 11): does the person at the kiosk match the photo
// on the ID card, and is a live person there rather than a picture? The kiosk page runs the
// check (the camera is there); the host records the result and the hub shows it to the
// expert. A bank that has a certified vendor SDK implements FaceVerifier with it; the default
// implementation runs @vladmandic/human in the page (renderer/kiosk/identity/face/).
//
// The score and the threshold are for the expert and the audit trail only. Customer-facing
// text is chosen from `decision` alone: a number would invite argument and coach an attacker.
import { z } from 'zod';

/** Where score ≥ threshold counts as the same person. Calibrated for the default verifier on
 * the fixtures of test/fixtures/faces (see renderer/kiosk/identity/face/README.md); a bank
 * sets its own from its vendor's false-accept figures. */
export const DEFAULT_FACE_MATCH_THRESHOLD = 0.6;

export const faceCheckConfigSchema = z
  .object({
    /** Score at or above which the two faces count as one person, 0..1. */
    threshold: z.number().min(0).max(1).default(DEFAULT_FACE_MATCH_THRESHOLD),
    /** Frames the liveness step needs before it can pass (a blink lasts ~100–300 ms). */
    minLivenessFrames: z.number().int().min(2).max(600).default(8),
  })
  .strict();
export type FaceCheckConfig = z.infer<typeof faceCheckConfigSchema>;

/**
 * - `match`: a live person who is the card's holder (score ≥ threshold);
 * - `no-match`: a live person, not the card's holder;
 * - `not-live`: no proof of a live person (a photo, a screen, a still face), whatever the score;
 * - `no-face`: no usable face on the card's photo or in the live photo — ask again, not a refusal.
 */
export const faceCheckDecisionSchema = z.enum(['match', 'no-match', 'not-live', 'no-face']);
export type FaceCheckDecision = z.infer<typeof faceCheckDecisionSchema>;

/** The movement that proved a live face, when one did. */
export const livenessChallengeSchema = z.enum(['blink', 'head-turn']);
export type LivenessChallenge = z.infer<typeof livenessChallengeSchema>;

export const livenessReasonSchema = z.enum(['live', 'too-few-frames', 'no-face', 'no-movement', 'spoof-suspected']);
export type LivenessReason = z.infer<typeof livenessReasonSchema>;

export const livenessResultSchema = z
  .object({
    passed: z.boolean(),
    reason: livenessReasonSchema,
    /** What was seen across the frames: null when neither a blink nor a head turn was. */
    challenge: livenessChallengeSchema.nullable(),
    framesAnalysed: z.number().int().nonnegative(),
    /** Anti-spoofing model's confidence that the live photo shows a real face, 0..1; null when the verifier has no such model. */
    antiSpoofScore: z.number().min(0).max(1).nullable(),
  })
  .strict();
export type LivenessResult = z.infer<typeof livenessResultSchema>;

/** Milliseconds the verifier spent in each phase; `answerMs` is live photo → result. */
export const faceCheckTimingsSchema = z
  .object({
    idPhotoMs: z.number().nonnegative(),
    framesMs: z.number().nonnegative(),
    answerMs: z.number().nonnegative(),
  })
  .strict();
export type FaceCheckTimings = z.infer<typeof faceCheckTimingsSchema>;

export const faceCheckResultSchema = z
  .object({
    /** Similarity of the card's face and the live face, 0..1 (0 when either has no face). */
    score: z.number().min(0).max(1),
    threshold: z.number().min(0).max(1),
    decision: faceCheckDecisionSchema,
    liveness: livenessResultSchema,
    timings: faceCheckTimingsSchema,
    /** Which implementation answered, e.g. "human 3.3.6 (wasm)": the audit trail names it. */
    engine: z.string().min(1).max(120),
  })
  .strict();
export type FaceCheckResult = z.infer<typeof faceCheckResultSchema>;

/** The one rule every verifier applies, so a vendor SDK and the default decide alike. */
export function decideFaceCheck(input: { facesFound: boolean; liveness: LivenessResult; score: number; threshold: number }): FaceCheckDecision {
  if (!input.facesFound) return 'no-face';
  if (!input.liveness.passed) return 'not-live';
  return input.score >= input.threshold ? 'match' : 'no-match';
}

/** A decoded picture, row-major RGBA: what a card reader's decoded photo and a camera frame
 * both become, so an implementation needs no DOM or Node type to accept them. */
export interface FaceImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes. */
  readonly rgba: Uint8ClampedArray;
}

/** A camera frame of the liveness step, with its capture time. */
export interface LiveFrame {
  readonly image: FaceImage;
  readonly atMs: number;
}

/**
 * What a face verifier offers. A check has three moments, so that the slow parts happen while
 * the customer is doing something else: the ID card's photo as soon as the card is read
 * (`begin`), the camera frames while the customer follows the liveness prompt (`addFrame`),
 * and the live photo, after which the answer should come quickly (`finish`).
 */
export interface FaceVerifier {
  readonly engine: string;
  readonly threshold: number;
  begin(idPhoto: FaceImage): Promise<FaceCheckSession>;
  /**
   * Faces in one camera frame, so the kiosk can say "only you in front of the camera, please"
   * before a check rather than fail it. Optional: a verifier without it leaves that to the check.
   */
  countFaces?(image: FaceImage): Promise<number>;
}

export interface FaceCheckSession {
  /** One frame of the liveness step, in capture order; the verifier keeps what it needs. */
  addFrame(frame: LiveFrame): Promise<void>;
  /**
   * Ends the check; a session answers once. Without a live photo the verifier uses the frame it
   * judged the best photo (a face, eyes open, facing the camera): a photo taken at a fixed
   * moment may catch the very blink the liveness step asked for.
   */
  finish(livePhoto?: FaceImage): Promise<FaceCheckResult>;
  /** Drops the session (customer left, timeout) and what it holds of the customer's face. */
  cancel(): void;
}

/** The whole check in one call: the card's photo, the liveness frames and, if chosen by the caller, the live photo. */
export async function verifyFace(verifier: FaceVerifier, input: { idPhoto: FaceImage; frames: readonly LiveFrame[]; livePhoto?: FaceImage }): Promise<FaceCheckResult> {
  const session = await verifier.begin(input.idPhoto);
  try {
    for (const frame of input.frames) await session.addFrame(frame);
    return await session.finish(input.livePhoto);
  } catch (err) {
    session.cancel();
    throw err;
  }
}
