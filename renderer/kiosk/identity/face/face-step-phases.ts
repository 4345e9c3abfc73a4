// The face step's phases and what the customer is told in each, kept apart from the component
// so the words and the states can be read (and changed) in one place.
import type { FaceCheckResult, FaceImage, LivenessChallenge } from '../../../../protocol/face-check.js';
import type { CameraProblem } from './camera.dom.js';
import type { RetryReason, StaffReason } from './face-step-flow.js';

export type Presence = 'ok' | 'none' | 'several';

export type Phase =
  | { readonly name: 'starting' }
  | { readonly name: 'countdown'; readonly secondsLeft: number; readonly presence: Presence }
  | { readonly name: 'liveness'; readonly challenge: LivenessChallenge }
  | { readonly name: 'checking' }
  | { readonly name: 'review'; readonly result: FaceCheckResult; readonly photo: FaceImage }
  | { readonly name: 'retry'; readonly reason: RetryReason; readonly triesLeft: number }
  | { readonly name: 'camera-problem'; readonly problem: CameraProblem }
  | { readonly name: 'staff'; readonly reason: StaffReason; readonly lastResult: FaceCheckResult | null }
  | { readonly name: 'done' };


/** The instruction for each phase: the one sentence the customer must act on, spoken as it changes. */
export type SayKey = `faceCheck.${
  | 'lookAtCamera'
  | 'noFaceNow'
  | 'severalFaces'
  | 'blink'
  | 'turnHead'
  | 'review'
  | 'retryNoFace'
  | 'retryNotLive'
  | 'cameraDenied'
  | 'cameraMissing'
  | 'tooManyTries'
  | 'checkUnavailable'}`;

export function instructionKey(phase: Phase): SayKey | null {
  switch (phase.name) {
    case 'countdown':
      return phase.presence === 'none' ? 'faceCheck.noFaceNow' : phase.presence === 'several' ? 'faceCheck.severalFaces' : 'faceCheck.lookAtCamera';
    case 'liveness':
      return phase.challenge === 'blink' ? 'faceCheck.blink' : 'faceCheck.turnHead';
    case 'review':
      return 'faceCheck.review';
    case 'retry':
      return phase.reason === 'no-face' ? 'faceCheck.retryNoFace' : 'faceCheck.retryNotLive';
    case 'camera-problem':
      return phase.problem === 'denied' ? 'faceCheck.cameraDenied' : 'faceCheck.cameraMissing';
    case 'staff':
      return phase.reason === 'too-many-tries' ? 'faceCheck.tooManyTries' : 'faceCheck.checkUnavailable';
    default:
      return null;
  }
}

/** Exactly one face is what a check needs; zero or several hold the countdown. */
export function presenceOf(faces: number): Presence {
  return faces === 0 ? 'none' : faces > 1 ? 'several' : 'ok';
}
