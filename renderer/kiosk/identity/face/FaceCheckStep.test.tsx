// @vitest-environment jsdom
// The face step with the deterministic verifier and a scripted camera: what the customer is
// told in each state, what the journey gets, and that the camera is stopped when the step ends.
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FaceImage, LiveFrame } from '../../../../protocol/face-check.js';
import { createKioskI18n } from '../../../i18n/i18n.js';
import { resetDocument } from '../../../testing/render-kiosk.js';
import { CameraProblemError, type FaceCamera } from './camera.dom.js';
import { createDeterministicVerifier, tagFaceImage, type FaceTag } from './deterministic-verifier.js';
import { FaceCheckStep, type FaceCheckStepProps } from './FaceCheckStep.js';
import type { FaceStepOutcome } from './face-step-flow.js';

const ALICE = 7;
const BOB = 9;
const FAST = { countdownSeconds: 1, frames: 10, frameIntervalMs: 30 } as const;

afterEach(() => {
  cleanup();
  resetDocument();
});

const blinkTags = (person: number): FaceTag[] => [0.3, 0.31, 0.3, 0.29, 0.08, 0.05, 0.3, 0.31, 0.3, 0.3].map((eyeOpenness) => ({ person, eyeOpenness }));
const stillTags = (person: number): FaceTag[] => Array.from({ length: 10 }, () => ({ person, eyeOpenness: 0.3 }));

/** A camera whose frames follow `script` in order (each try grabs its photo, then its frames), then repeat the last one; records open/close. */
function scriptedCamera(script: FaceTag[]): FaceCamera & { opened: number; closed: number; grabbed: number } {
  const camera = {
    opened: 0,
    closed: 0,
    grabbed: 0,
    async open() {
      camera.opened += 1;
    },
    grab(): LiveFrame {
      const tag = script[Math.min(camera.grabbed, script.length - 1)] ?? { person: 0 };
      camera.grabbed += 1;
      return { image: tagFaceImage(tag), atMs: camera.grabbed * 100 };
    },
    close() {
      camera.closed += 1;
    },
  };
  return camera;
}

function renderStep(props: Partial<FaceCheckStepProps> & { camera: FaceCamera }, locale: 'zh-CN' | 'en' = 'en'): { onDone: ReturnType<typeof vi.fn<(o: FaceStepOutcome) => void>>; unmount: () => void } {
  const onDone = vi.fn<(o: FaceStepOutcome) => void>();
  const element: ReactElement = (
    <I18nextProvider i18n={createKioskI18n(locale)}>
      <FaceCheckStep idPhoto={tagFaceImage({ person: ALICE })} verifier={createDeterministicVerifier()} timing={FAST} onDone={onDone} {...props} />
    </I18nextProvider>
  );
  const { unmount } = render(element);
  return { onDone, unmount };
}

const phaseIs = async (name: string) => expect((await screen.findByTestId('face-step', {}, { timeout: 4000 })).getAttribute('data-phase')).toBe(name);
const waitPhase = async (name: string) => {
  await vi.waitFor(() => expect(screen.getByTestId('face-step').getAttribute('data-phase')).toBe(name), { timeout: 5000 });
};

/** The photo is the first grab of a try; frames follow. Split the script so the photo is a plain face. */
const withPhoto = (tags: FaceTag[]): FaceTag[] => [{ person: tags[0]?.person ?? 0, eyeOpenness: 0.3 }, ...tags];

describe('FaceCheckStep', () => {
  it('counts down, asks for a blink, shows the photo with Retake and Continue, and hands the result to the journey only on Continue', async () => {
    const camera = scriptedCamera(withPhoto(blinkTags(ALICE)));
    const { onDone } = renderStep({ camera });
    await waitPhase('countdown');
    expect(screen.getByTestId('face-step-say').textContent).toContain('Look at the camera and keep your face inside the oval.');
    expect(screen.getByTestId('face-step-count').textContent).toContain('1');
    await waitPhase('liveness');
    expect(screen.getByTestId('face-step-say').textContent).toContain('Please blink');
    await waitPhase('review');
    expect(screen.getByRole('img', { name: 'Your photo' })).toBe(screen.getByTestId('face-step-photo'));
    // Nothing of the score or the decision reaches the screen.
    expect(screen.getByTestId('face-step').textContent).not.toMatch(/0\.9|match|score/i);
    expect(onDone).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone).toHaveBeenCalledOnce();
    expect(onDone.mock.calls[0]?.[0]).toMatchObject({ status: 'checked', result: { decision: 'match', score: 0.95, liveness: { passed: true, challenge: 'blink' } } });
    // The photo shown for the review (the try's first grab: eyes open, before the prompt) goes to the journey.
    const handed = onDone.mock.calls[0]?.[0];
    expect(handed?.status === 'checked' ? Array.from(handed.photo.rgba.slice(0, 2)) : null).toEqual([ALICE, Math.round(0.3 * 255)]);
    expect(camera.closed).toBeGreaterThan(0);
    expect(screen.queryByTestId('face-step-photo')).toBeNull();
  });

  it('passes a live stranger on to the journey like anyone else: the screen never says "no match"', async () => {
    const camera = scriptedCamera(withPhoto(blinkTags(BOB)));
    const { onDone } = renderStep({ camera });
    await waitPhase('review');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone.mock.calls[0]?.[0]).toMatchObject({ status: 'checked', result: { decision: 'no-match' } });
  });

  it('asks a still face to try again with the other movement, and after the last try says staff will help', async () => {
    const camera = scriptedCamera(withPhoto(stillTags(ALICE)));
    const { onDone } = renderStep({ camera, maxTries: 2 });
    await waitPhase('retry');
    expect(screen.getByTestId('face-step-say').textContent).toContain("We could not see the movement we asked for. Let's try again.");
    expect(screen.getByText('Tries left: 1')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitPhase('liveness');
    expect(screen.getByTestId('face-step-say').textContent).toContain('Please turn your head slightly');
    await waitPhase('staff');
    expect(screen.getByTestId('face-step-say').textContent).toContain('The photo check did not work this time.');
    expect(screen.getByTestId('face-step-staff').textContent).toContain('A member of staff will help you.');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone.mock.calls[0]?.[0]).toMatchObject({ status: 'needs-staff', reason: 'too-many-tries', lastResult: { decision: 'not-live' } });
  });

  it('passes on a retry: a failed try followed by a blink ends in a match', async () => {
    const camera = scriptedCamera([...withPhoto(stillTags(ALICE)), ...withPhoto(blinkTags(ALICE))]);
    const { onDone } = renderStep({ camera });
    await waitPhase('retry');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitPhase('review');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone.mock.calls[0]?.[0]).toMatchObject({ status: 'checked', result: { decision: 'match', liveness: { challenge: 'blink' } } });
  });

  it('tells the customer when no face is seen, and when more than one is, and holds the countdown until there is one', async () => {
    const counts = [0, 2, 1, 1];
    const countFaces = vi.fn(async (_image: FaceImage) => counts.shift() ?? 1);
    renderStep({ camera: scriptedCamera(withPhoto(blinkTags(ALICE))), countFaces, timing: { ...FAST, countdownSeconds: 1 } });
    await vi.waitFor(() => expect(screen.getByTestId('face-step-say').textContent).toContain('We cannot see your face.'), { timeout: 3000 });
    expect(screen.queryByTestId('face-step-count')).toBeNull();
    await vi.waitFor(() => expect(screen.getByTestId('face-step-say').textContent).toContain('We can see more than one person.'), { timeout: 3000 });
    await vi.waitFor(() => expect(screen.getByTestId('face-step-say').textContent).toContain('Look at the camera'), { timeout: 3000 });
    await waitPhase('review');
  });

  it("uses the verifier's own face count when the journey gives none", async () => {
    const counts = [2, 1];
    const verifier = { ...createDeterministicVerifier(), countFaces: vi.fn(async () => counts.shift() ?? 1) };
    renderStep({ camera: scriptedCamera(withPhoto(blinkTags(ALICE))), verifier });
    await vi.waitFor(() => expect(screen.getByTestId('face-step-say').textContent).toContain('We can see more than one person.'), { timeout: 3000 });
    await waitPhase('review');
    expect(verifier.countFaces).toHaveBeenCalled();
  });

  it('says "we could not see your face" when the frames had no face', async () => {
    renderStep({ camera: scriptedCamera(withPhoto(stillTags(0))) });
    await waitPhase('retry');
    expect(screen.getByTestId('face-step-say').textContent).toContain('We could not see your face clearly.');
  });

  it.each([
    ['denied', 'The camera could not be used.', 'camera-denied'],
    ['missing', "This kiosk's camera is not working right now.", 'no-camera'],
  ] as const)('camera %s: a calm message, staff will help, and the journey is told', async (problem, message, reason) => {
    const camera = scriptedCamera([]);
    camera.open = () => Promise.reject(new CameraProblemError(problem));
    const { onDone } = renderStep({ camera });
    await waitPhase('camera-problem');
    expect(screen.getByTestId('face-step-say').textContent).toContain(message);
    expect(screen.getByTestId('face-step-staff').textContent).toContain('A member of staff will help you.');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone).toHaveBeenCalledWith({ status: 'needs-staff', reason, lastResult: null });
  });

  it('hands over to staff when the face engine cannot load', async () => {
    const { onDone } = renderStep({ camera: scriptedCamera(withPhoto(blinkTags(ALICE))), verifier: Promise.reject(new Error('no wasm')) });
    await waitPhase('staff');
    expect(screen.getByTestId('face-step-say').textContent).toContain('The photo check is not working right now.');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onDone).toHaveBeenCalledWith({ status: 'needs-staff', reason: 'check-unavailable', lastResult: null });
  });

  it('shows progress only for a wait longer than 300 ms', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<ReturnType<typeof createDeterministicVerifier>>((resolve) => (release = () => resolve(createDeterministicVerifier())));
    renderStep({ camera: scriptedCamera(withPhoto(blinkTags(ALICE))), verifier: slow });
    await phaseIs('starting');
    expect(screen.queryByTestId('face-step-progress')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(screen.getByTestId('face-step-progress').textContent).toContain('Getting the camera ready…');
    act(() => release());
    await waitPhase('countdown');
    expect(screen.queryByTestId('face-step-progress')).toBeNull();
  });

  it('stops the camera and drops the session when it unmounts mid-check', async () => {
    const camera = scriptedCamera(withPhoto(blinkTags(ALICE)));
    const verifier = createDeterministicVerifier();
    const cancel = vi.fn();
    const begin = verifier.begin.bind(verifier);
    const spying = { ...verifier, begin: async (photo: FaceImage) => ({ ...(await begin(photo)), cancel }) };
    const { onDone, unmount } = renderStep({ camera, verifier: spying, timing: { ...FAST, frames: 1000, frameIntervalMs: 5 } });
    await waitPhase('liveness');
    unmount();
    expect(camera.closed).toBeGreaterThan(0);
    expect(cancel).toHaveBeenCalled();
    const grabbed = camera.grabbed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(camera.grabbed).toBe(grabbed);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('speaks Chinese by default', async () => {
    renderStep({ camera: scriptedCamera(withPhoto(stillTags(ALICE))), maxTries: 1 }, 'zh-CN');
    await waitPhase('countdown');
    expect(screen.getByTestId('face-step-say').textContent).toContain('请看摄像头，把脸放在椭圆框内。');
    await waitPhase('staff');
    expect(screen.getByTestId('face-step-staff').textContent).toContain('工作人员会来帮助您。');
    expect(screen.getByRole('button', { name: '继续' })).toBeTruthy();
  });
});
