// Account opening, step "face check" (issue 11): the customer looks into the camera, follows
// one movement prompt, sees the photo taken and accepts it or takes it again. The journey
// around it supplies the frame (title, step N of M, Home/Back/Help) and gets the verifier's
// answer through onDone; the screen never shows a score or says "match" (protocol/face-check.ts).
//
// Privacy: the camera runs only while this component is mounted and is stopped when it ends
// or unmounts; frames go straight to the verifier and the one photo kept for the review lives
// in this component's state, dropped on retake and on unmount; Continue hands it to the
// journey (onDone), which owns it from then on.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../electron/bridge/contract.js';
import type { FaceCheckSession, FaceImage, FaceVerifier } from '../../../../protocol/face-check.js';
import { BigButton } from '../../../ui/BigButton.js';
import { Notice } from '../../../ui/Notice.js';
import { Progress } from '../../../ui/Progress.js';
import { speak } from '../../speech.js';
import { CameraProblemError, createKioskCamera, type FaceCamera } from './camera.dom.js';
import { CapturedPhoto } from './CapturedPhoto.js';
import { FaceGuide } from './FaceGuide.js';
import { challengeFor, staffReasonOf, verdictOf, type FaceStepOutcome } from './face-step-flow.js';
import { instructionKey, presenceOf, type Phase } from './face-step-phases.js';
import './face-step.css';

export interface FaceStepTiming {
  /** The countdown before the movement prompt, in seconds. */
  readonly countdownSeconds: number;
  /** Frames given to the verifier during the prompt, one at most every frameIntervalMs (~10/s sees a 100–400 ms blink). */
  readonly frames: number;
  readonly frameIntervalMs: number;
}

export const DEFAULT_FACE_STEP_TIMING: FaceStepTiming = { countdownSeconds: 3, frames: 32, frameIntervalMs: 100 };

/** DESIGN §6: a wait longer than this shows progress. */
export const PROGRESS_AFTER_MS = 300;

export interface FaceCheckStepProps {
  /** The ID card's photo, as the verifier takes it. */
  readonly idPhoto: FaceImage;
  /** Injectable so tests use the deterministic verifier; a promise while the engine loads (loadKioskFaceVerifier). */
  readonly verifier: FaceVerifier | Promise<FaceVerifier>;
  readonly onDone: (outcome: FaceStepOutcome) => void;
  /** Default: the kiosk's camera through getUserMedia. */
  readonly camera?: FaceCamera;
  /**
   * Faces in a frame, checked during the countdown so that "only you, please" is said before
   * the check rather than after it. Default: the verifier's own countFaces, if it has one.
   */
  readonly countFaces?: (image: FaceImage) => Promise<number>;
  /** Failed tries (no proof of life, no face) before the step hands over to staff. */
  readonly maxTries?: number;
  readonly timing?: Partial<FaceStepTiming>;
}

const CANCELLED = Symbol('face step ended');

function useShownAfter(ms: number, active: boolean): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    if (!active) return;
    const timer = setTimeout(() => setShown(true), ms);
    return () => clearTimeout(timer);
  }, [ms, active]);
  return shown;
}

export function FaceCheckStep({ idPhoto, verifier, onDone, camera, countFaces, maxTries = 3, timing }: FaceCheckStepProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [cam] = useState<FaceCamera>(() => camera ?? createKioskCamera());
  const video = useRef<HTMLVideoElement>(null);
  const cameraOpen = useRef<Promise<void> | null>(null);
  const failures = useRef(0);
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<Phase>({ name: 'starting' });
  const { countdownSeconds, frames, frameIntervalMs } = { ...DEFAULT_FACE_STEP_TIMING, ...timing };

  // The camera lives as long as the step: opened on mount, stopped on unmount.
  useEffect(() => {
    if (!video.current) return;
    const opening = cam.open(video.current);
    // Awaited by each try; handled there, not here.
    opening.catch(() => undefined);
    cameraOpen.current = opening;
    return () => {
      cameraOpen.current = null;
      cam.close();
    };
  }, [cam]);

  // One try: countdown, movement prompt with frames to the verifier, answer.
  useEffect(() => {
    let ended = false;
    let session: FaceCheckSession | null = null;
    const alive = () => {
      if (ended) throw CANCELLED;
    };
    const sleep = async (ms: number) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      alive();
    };
    const show = (next: Phase) => {
      alive();
      setPhase(next);
    };

    const run = async () => {
      show({ name: 'starting' });
      try {
        await (cameraOpen.current ?? Promise.reject(new CameraProblemError('missing')));
      } catch (error) {
        alive();
        show({ name: 'camera-problem', problem: error instanceof CameraProblemError ? error.problem : 'missing' });
        return;
      }
      alive();
      const engine = await verifier;
      alive();
      session = await engine.begin(idPhoto);
      alive();

      // The countdown holds (starts again) while the frame shows no face or more than one.
      const count = countFaces ?? engine.countFaces?.bind(engine);
      for (let secondsLeft = countdownSeconds; secondsLeft > 0; ) {
        const tick = performance.now();
        const presence = count ? presenceOf(await count(cam.grab().image)) : 'ok';
        alive();
        show({ name: 'countdown', secondsLeft: presence === 'ok' ? secondsLeft : countdownSeconds, presence });
        await sleep(Math.max(0, 1000 - (performance.now() - tick)));
        secondsLeft = presence === 'ok' ? secondsLeft - 1 : countdownSeconds;
      }

      // The photo for the review is taken when the customer was asked to look at the camera
      // and hold still, before the movement prompt could catch them mid-blink.
      const photo = cam.grab().image;
      show({ name: 'liveness', challenge: challengeFor(attempt) });
      for (let i = 0; i < frames; i++) {
        const grabbed = performance.now();
        await session.addFrame(cam.grab());
        alive();
        await sleep(Math.max(0, frameIntervalMs - (performance.now() - grabbed)));
      }
      show({ name: 'checking' });
      const finishing = session;
      session = null;
      const result = await finishing.finish();
      alive();

      const verdict = verdictOf(result);
      if (verdict.kind === 'review') {
        show({ name: 'review', result, photo });
        return;
      }
      failures.current += 1;
      if (failures.current >= maxTries) show({ name: 'staff', reason: 'too-many-tries', lastResult: result });
      else show({ name: 'retry', reason: verdict.reason, triesLeft: maxTries - failures.current });
    };

    run().catch((error: unknown) => {
      if (error === CANCELLED || ended) return;
      // The engine failed to load or threw mid-check: the customer is not asked to try again
      // at something that cannot work.
      setPhase({ name: 'staff', reason: 'check-unavailable', lastResult: null });
    });
    return () => {
      ended = true;
      session?.cancel();
    };
  }, [attempt, cam, countFaces, countdownSeconds, frameIntervalMs, frames, idPhoto, maxTries, verifier]);

  const finish = useCallback(
    (outcome: FaceStepOutcome) => {
      cam.close();
      setPhase({ name: 'done' });
      onDone(outcome);
    },
    [cam, onDone],
  );

  const key = instructionKey(phase);
  const say = key ? t(key) : '';
  useEffect(() => {
    if (say) speak(say, locale);
  }, [say, locale]);

  const waiting = phase.name === 'starting' || phase.name === 'checking';
  const progressShown = useShownAfter(PROGRESS_AFTER_MS, waiting);
  const cameraShown = phase.name === 'countdown' || phase.name === 'liveness';
  const tryAgain = () => setAttempt((a) => a + 1);

  return (
    <div className="face-step" data-testid="face-step" data-phase={phase.name}>
      {say && (
        <p className="face-step__say" role="status" data-testid="face-step-say">
          {say}
        </p>
      )}
      {phase.name === 'retry' && <p className="face-step__hint">{t('faceCheck.triesLeft', { count: phase.triesLeft })}</p>}
      {(phase.name === 'camera-problem' || phase.name === 'staff') && (
        <Notice tone="warning" testId="face-step-staff">
          {t('faceCheck.staffWillHelp')}
        </Notice>
      )}

      <div className="face-step__camera" hidden={!cameraShown}>
        <video ref={video} className="face-step__video" muted playsInline aria-label={t('faceCheck.preview')} />
        <FaceGuide />
        {phase.name === 'countdown' && phase.presence === 'ok' && (
          <span className="face-step__count" aria-hidden="true" data-testid="face-step-count">
            {phase.secondsLeft}
          </span>
        )}
      </div>

      {phase.name === 'review' && <CapturedPhoto image={phase.photo} label={t('faceCheck.photoLabel')} />}
      {waiting && progressShown && <Progress label={t(phase.name === 'starting' ? 'faceCheck.starting' : 'faceCheck.checking')} testId="face-step-progress" />}

      <div className="face-step__actions">
        {phase.name === 'review' && (
          <>
            <BigButton variant="secondary" onClick={tryAgain} data-testid="face-step-retake">
              {t('faceCheck.retake')}
            </BigButton>
            <BigButton onClick={() => finish({ status: 'checked', result: phase.result, photo: phase.photo })} data-testid="face-step-continue">
              {t('faceCheck.continue')}
            </BigButton>
          </>
        )}
        {phase.name === 'retry' && (
          <BigButton onClick={tryAgain} data-testid="face-step-try-again">
            {t('faceCheck.tryAgain')}
          </BigButton>
        )}
        {phase.name === 'camera-problem' && (
          <BigButton onClick={() => finish({ status: 'needs-staff', reason: staffReasonOf(phase.problem), lastResult: null })} data-testid="face-step-staff-continue">
            {t('faceCheck.continue')}
          </BigButton>
        )}
        {phase.name === 'staff' && (
          <BigButton onClick={() => finish({ status: 'needs-staff', reason: phase.reason, lastResult: phase.lastResult })} data-testid="face-step-staff-continue">
            {t('faceCheck.continue')}
          </BigButton>
        )}
      </div>
    </div>
  );
}
