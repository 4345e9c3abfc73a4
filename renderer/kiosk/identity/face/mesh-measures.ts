// Eye openness and yaw from a 468-point face mesh (the MediaPipe FaceMesh topology that
// @vladmandic/human returns). Pure, so a vendor's landmarks in the same topology work too.
import type { FaceObservation } from './liveness.js';

export type MeshPoint = readonly [number, number, number?];

// MediaPipe FaceMesh indices: each eye's two corners and the middle of each eyelid.
const RIGHT_EYE = { outer: 33, inner: 133, upper: 159, lower: 145 } as const;
const LEFT_EYE = { outer: 263, inner: 362, upper: 386, lower: 374 } as const;

function distance(a: MeshPoint, b: MeshPoint): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function openness(mesh: readonly MeshPoint[], eye: typeof RIGHT_EYE | typeof LEFT_EYE): number | null {
  const [outer, inner, upper, lower] = [mesh[eye.outer], mesh[eye.inner], mesh[eye.upper], mesh[eye.lower]];
  if (!outer || !inner || !upper || !lower) return null;
  const width = distance(outer, inner);
  return width > 0 ? distance(upper, lower) / width : null;
}

/** Null when the mesh is not the 468-point topology (a detector-only result). */
export function observeMesh(mesh: readonly MeshPoint[], yawRad: number): FaceObservation | null {
  const right = openness(mesh, RIGHT_EYE);
  const left = openness(mesh, LEFT_EYE);
  if (mesh.length < 468 || right === null || left === null) return null;
  return { eyeOpenness: (right + left) / 2, yawDeg: (yawRad * 180) / Math.PI };
}
