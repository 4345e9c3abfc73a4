import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVENESS_RULES, judgeLiveness, sawBlink, sawHeadTurn } from './liveness.js';
import { observeMesh, type MeshPoint } from './mesh-measures.js';

const rules = DEFAULT_LIVENESS_RULES;

describe('liveness rules', () => {
  it('sees a blink only when the eyes were open before and after', () => {
    expect(sawBlink([0.3, 0.3, 0.1, 0.3, 0.3], rules)).toBe(true);
    // Shut at the start (the customer had not yet looked up) or at the end: no complete blink.
    expect(sawBlink([0.1, 0.3, 0.3, 0.3, 0.3], rules)).toBe(false);
    expect(sawBlink([0.3, 0.3, 0.3, 0.3, 0.1], rules)).toBe(false);
  });

  it('does not take the mesh wobbling on a still face for a blink', () => {
    expect(sawBlink([0.3, 0.29, 0.31, 0.28, 0.3, 0.32, 0.3], rules)).toBe(false);
  });

  it('sees a head turn from the span of yaw, not its sign', () => {
    expect(sawHeadTurn([-6, -2, 3, 7], rules)).toBe(true);
    expect(sawHeadTurn([1, 2, 3, 4], rules)).toBe(false);
  });

  it('judges no-face before movement', () => {
    const verdict = judgeLiveness([null, null, null, null, null, null, null, { eyeOpenness: 0.3, yawDeg: 0 }], null, rules);
    expect(verdict).toMatchObject({ passed: false, reason: 'no-face', framesAnalysed: 8 });
  });
});

describe('mesh measures', () => {
  /** A 468-point mesh at the origin with both eyes 30 wide and `gap` open. */
  const mesh = (gap: number): MeshPoint[] => {
    const points: MeshPoint[] = Array.from({ length: 468 }, () => [0, 0, 0]);
    for (const [outer, inner, upper, lower, x] of [[33, 133, 159, 145, 100], [263, 362, 386, 374, 200]] as const) {
      points[outer] = [x, 100, 0];
      points[inner] = [x + 30, 100, 0];
      points[upper] = [x + 15, 100 - gap / 2, 0];
      points[lower] = [x + 15, 100 + gap / 2, 0];
    }
    return points;
  };

  it('measures openness as lid gap over eye width, and yaw in degrees', () => {
    const observed = observeMesh(mesh(9), Math.PI / 12);
    expect(observed?.eyeOpenness).toBeCloseTo(0.3);
    expect(observed?.yawDeg).toBeCloseTo(15);
  });

  it('gives nothing for a mesh of another topology', () => {
    expect(observeMesh(mesh(9).slice(0, 100), 0)).toBeNull();
  });
});
