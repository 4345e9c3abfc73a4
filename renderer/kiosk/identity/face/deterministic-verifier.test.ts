import { describe, expect, it } from 'vitest';
import { faceCheckResultSchema, verifyFace, type LiveFrame } from '../../../../protocol/face-check.js';
import { createDeterministicVerifier, tagFaceImage, type FaceTag } from './deterministic-verifier.js';

const ALICE = 7;
const BOB = 9;

/** Frames 100 ms apart, one per tag. */
const frames = (tags: readonly FaceTag[]): LiveFrame[] => tags.map((tag, i) => ({ image: tagFaceImage(tag), atMs: i * 100 }));
const still = (person: number, n = 10) => frames(Array.from({ length: n }, () => ({ person, eyeOpenness: 0.3 })));
const blinking = (person: number) => frames([0.3, 0.31, 0.3, 0.29, 0.08, 0.05, 0.3, 0.31, 0.3, 0.3].map((eyeOpenness) => ({ person, eyeOpenness })));
const turning = (person: number) => frames([0, 3, 7, 11, 15, 18, 14, 8, 2, 0].map((yawDeg) => ({ person, yawDeg })));

const check = (verifier: ReturnType<typeof createDeterministicVerifier>, idPerson: number, live: LiveFrame[], livePerson = idPerson) =>
  verifyFace(verifier, { idPhoto: tagFaceImage({ person: idPerson }), frames: live, livePhoto: tagFaceImage({ person: livePerson }) });

describe('deterministic face verifier', () => {
  it('accepts the card holder who blinks, with a result that fits the wire schema', async () => {
    const result = await check(createDeterministicVerifier(), ALICE, blinking(ALICE));
    expect(result).toMatchObject({ decision: 'match', score: 0.95, liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 10 } });
    expect(faceCheckResultSchema.parse(result)).toEqual(result);
  });

  it('accepts a head turn as the liveness movement', async () => {
    const result = await check(createDeterministicVerifier(), ALICE, turning(ALICE));
    expect(result.liveness).toMatchObject({ passed: true, challenge: 'head-turn' });
    expect(result.decision).toBe('match');
  });

  it('refuses a live person who is not the card holder', async () => {
    const result = await check(createDeterministicVerifier(), ALICE, blinking(BOB), BOB);
    expect(result).toMatchObject({ decision: 'no-match', score: 0.1, liveness: { passed: true } });
  });

  it('refuses the right face that never moves (a photo held up), however high the score', async () => {
    const result = await check(createDeterministicVerifier(), ALICE, still(ALICE));
    expect(result).toMatchObject({ decision: 'not-live', score: 0.95, liveness: { passed: false, reason: 'no-movement', challenge: null } });
  });

  it('refuses a face the anti-spoof model calls a picture even when it blinked', async () => {
    const result = await check(createDeterministicVerifier({ antiSpoofScore: 0.2 }), ALICE, blinking(ALICE));
    expect(result).toMatchObject({ decision: 'not-live', liveness: { passed: false, reason: 'spoof-suspected', challenge: 'blink', antiSpoofScore: 0.2 } });
  });

  it('answers no-face when the card photo or the live photo has no face', async () => {
    expect((await check(createDeterministicVerifier(), 0, blinking(ALICE), ALICE)).decision).toBe('no-face');
    expect((await check(createDeterministicVerifier(), ALICE, blinking(ALICE), 0)).decision).toBe('no-face');
  });

  it('needs enough frames and enough of them with a face', async () => {
    const few = await check(createDeterministicVerifier(), ALICE, blinking(ALICE).slice(0, 5));
    expect(few.liveness.reason).toBe('too-few-frames');
    const away = await check(createDeterministicVerifier(), ALICE, [...blinking(ALICE).slice(0, 6), ...still(0, 6)]);
    expect(away.liveness.reason).toBe('no-face');
    expect(away.decision).toBe('not-live');
  });

  it('takes its threshold from the config and refuses one outside 0..1', async () => {
    const strict = createDeterministicVerifier({ config: { threshold: 0.96 } });
    expect(strict.threshold).toBe(0.96);
    expect((await check(strict, ALICE, blinking(ALICE))).decision).toBe('no-match');
    expect(() => createDeterministicVerifier({ config: { threshold: 1.5 } })).toThrow();
  });

  it('reports timings from its clock', async () => {
    let t = 0;
    const result = await check(createDeterministicVerifier({ clock: () => (t += 5) }), ALICE, blinking(ALICE));
    expect(result.timings).toEqual({ idPhotoMs: 5, framesMs: 50, answerMs: 5 });
  });

  it('without a live photo takes the frame with eyes open and facing the camera, not the last one', async () => {
    const verifier = createDeterministicVerifier();
    const session = await verifier.begin(tagFaceImage({ person: ALICE }));
    // Alice, then a last frame of Bob mid-blink and turned away: a photo grabbed at the end would be his.
    for (const frame of [...blinking(ALICE), ...frames([{ person: BOB, eyeOpenness: 0.05, yawDeg: 30 }])]) await session.addFrame(frame);
    expect(await session.finish()).toMatchObject({ decision: 'match', score: 0.95 });
  });

  it('answers once per session, and not at all after cancel', async () => {
    const verifier = createDeterministicVerifier();
    const session = await verifier.begin(tagFaceImage({ person: ALICE }));
    await session.finish(tagFaceImage({ person: ALICE }));
    await expect(session.finish(tagFaceImage({ person: ALICE }))).rejects.toThrow(/ended/);
    const cancelled = await verifier.begin(tagFaceImage({ person: ALICE }));
    cancelled.cancel();
    await expect(cancelled.addFrame(blinking(ALICE)[0]!)).rejects.toThrow(/ended/);
  });
});
