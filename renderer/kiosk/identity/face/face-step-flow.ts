// What the face step decides from a verifier's answer, kept pure so the rules are tested
// without a camera. The customer is only ever told what to do next; the score, the threshold
// and even "match" or "no match" go to the journey, never to the screen (protocol/face-check.ts).
import type { FaceCheckResult, FaceImage, LivenessChallenge } from '../../../../protocol/face-check.js';
import type { CameraProblem } from './camera.dom.js';

/** What the step hands to the journey. */
export type FaceStepOutcome =
  /**
   * The check ran and the customer accepted the photo; the journey reads the decision and
   * takes the photo shown for the review (the application carries it to the expert).
   */
  | { readonly status: 'checked'; readonly result: FaceCheckResult; readonly photo: FaceImage }
  /** The step could not finish on its own: the journey brings in a member of staff. */
  | { readonly status: 'needs-staff'; readonly reason: StaffReason; readonly lastResult: FaceCheckResult | null };

/** `check-unavailable`: the face engine failed to load or threw. */
export type StaffReason = 'camera-denied' | 'no-camera' | 'too-many-tries' | 'check-unavailable';

/** Why a try is asked again, in the customer's terms. */
export type RetryReason = 'not-live' | 'no-face';

export type AttemptVerdict = { readonly kind: 'review' } | { readonly kind: 'retry'; readonly reason: RetryReason };

/**
 * A live face, matching or not, is shown to the customer as their photo: whether it matches
 * the card is the journey's business (and the expert's), and saying so here would coach an
 * impostor. No proof of life, or no face, is asked again.
 */
export function verdictOf(result: FaceCheckResult): AttemptVerdict {
  switch (result.decision) {
    case 'match':
    case 'no-match':
      return { kind: 'review' };
    case 'no-face':
      return { kind: 'retry', reason: 'no-face' };
    case 'not-live':
      // Too few frames with a face is, to the customer, "we could not see you".
      return { kind: 'retry', reason: result.liveness.reason === 'no-face' ? 'no-face' : 'not-live' };
  }
}

/** Tries alternate the movement asked for: a customer who cannot blink on cue may turn the head. */
export function challengeFor(attempt: number): LivenessChallenge {
  return attempt % 2 === 0 ? 'blink' : 'head-turn';
}

export function staffReasonOf(problem: CameraProblem): 'camera-denied' | 'no-camera' {
  return problem === 'denied' ? 'camera-denied' : 'no-camera';
}
