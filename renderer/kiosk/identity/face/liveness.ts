// Liveness from movement across frames: a live customer blinks or turns the head when asked,
// a printed photo held up to the camera does neither. Pure: the verifier measures each frame
// (eye openness, yaw) and this decides, so the rule is the same for every verifier and is
// unit-tested without a model.
import type { LivenessChallenge, LivenessResult } from '../../../../protocol/face-check.js';

/** What a verifier measured on one frame; null when it found no face. */
export interface FaceObservation {
  /** Eyelid gap ÷ eye width, both eyes averaged: ~0.25–0.35 open, under ~0.15 closed. */
  readonly eyeOpenness: number;
  /** Head yaw in degrees, 0 facing the camera. */
  readonly yawDeg: number;
}

export interface LivenessRules {
  readonly minFrames: number;
  /** Share of frames that must show a face: a customer who steps away has not proven anything. */
  readonly minFaceShare: number;
  /** A blink: openness falls below this share of the eyes' usual openness, then comes back. */
  readonly blinkDrop: number;
  /** A head turn: yaw spans at least this many degrees. */
  readonly minYawSpanDeg: number;
  /** Anti-spoof score (when the verifier has one) under which a face counts as a picture. */
  readonly minAntiSpoof: number;
}

export const DEFAULT_LIVENESS_RULES: LivenessRules = {
  minFrames: 8,
  minFaceShare: 0.7,
  // A real blink takes the lid gap to ~0.3 of open; 0.7 still stays well clear of the ±7 %
  // the mesh wobbles by on a motionless face.
  blinkDrop: 0.7,
  minYawSpanDeg: 12,
  minAntiSpoof: 0.5,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Open, closed, open again: eyes half-shut for the whole step (a squint, a photo) are no blink. */
export function sawBlink(openness: readonly number[], rules: Pick<LivenessRules, 'blinkDrop'>): boolean {
  if (openness.length < 3) return false;
  const usual = median(openness);
  if (usual <= 0) return false;
  const isOpen = (o: number) => o >= usual * 0.9;
  return openness.some((o, i) => o < usual * rules.blinkDrop && openness.slice(0, i).some(isOpen) && openness.slice(i + 1).some(isOpen));
}

/** How good a frame is as the live photo: eyes open and facing the camera. */
export function photoQuality(observation: FaceObservation): number {
  return observation.eyeOpenness * Math.cos((observation.yawDeg * Math.PI) / 180);
}

export function sawHeadTurn(yawsDeg: readonly number[], rules: Pick<LivenessRules, 'minYawSpanDeg'>): boolean {
  if (yawsDeg.length < 2) return false;
  return Math.max(...yawsDeg) - Math.min(...yawsDeg) >= rules.minYawSpanDeg;
}

/** The liveness verdict from the frames' observations and, when there is one, the anti-spoof score of the live photo. */
export function judgeLiveness(observations: readonly (FaceObservation | null)[], antiSpoofScore: number | null, rules: LivenessRules = DEFAULT_LIVENESS_RULES): LivenessResult {
  const base = { framesAnalysed: observations.length, antiSpoofScore };
  if (observations.length < rules.minFrames) return { ...base, passed: false, reason: 'too-few-frames', challenge: null };
  const faces = observations.filter((o): o is FaceObservation => o !== null);
  if (faces.length / observations.length < rules.minFaceShare) return { ...base, passed: false, reason: 'no-face', challenge: null };
  let challenge: LivenessChallenge | null = null;
  if (sawBlink(faces.map((f) => f.eyeOpenness), rules)) challenge = 'blink';
  else if (sawHeadTurn(faces.map((f) => f.yawDeg), rules)) challenge = 'head-turn';
  if (challenge === null) return { ...base, passed: false, reason: 'no-movement', challenge };
  if (antiSpoofScore !== null && antiSpoofScore < rules.minAntiSpoof) return { ...base, passed: false, reason: 'spoof-suspected', challenge };
  return { ...base, passed: true, reason: 'live', challenge };
}
