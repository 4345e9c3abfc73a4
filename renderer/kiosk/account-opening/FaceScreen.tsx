// Step 2: the face check (identity/face/FaceCheckStep) against the ID card's photo the host
// read. The step's answer goes to the host as face evidence: 'checked' with the verifier's
// result and the accepted live photo as a JPEG, or 'needs-staff' with the reason (the expert
// then checks the face on video). Nothing of the score reaches this screen.
//
// The camera is the step's: opened when it mounts, stopped when it ends or unmounts (Home,
// Cancel, a timeout). The decoded card photo lives in this component's state only.
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountOpeningState } from '../../../electron/bridge/account-opening-contract.js';
import type { FaceEvidence, InlineImage } from '../../../protocol/account-opening.js';
import type { FaceImage, FaceVerifier } from '../../../protocol/face-check.js';
import { Progress } from '../../ui/Progress.js';
import type { FaceCamera } from '../identity/face/camera.dom.js';
import { FaceCheckStep, type FaceStepTiming } from '../identity/face/FaceCheckStep.js';
import type { FaceStepOutcome } from '../identity/face/face-step-flow.js';
import { loadKioskFaceVerifier } from '../identity/face/load-verifier.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelOpeningButton } from './CancelOpeningButton.js';
import { decodeInlineImage, encodeJpeg } from './face-images.dom.js';
import { OpeningFrame } from './OpeningFrame.js';

/** What the face screen needs from the page; tests replace the camera, verifier and codecs. */
export interface FaceScreenDeps {
  verifier(): FaceVerifier | Promise<FaceVerifier>;
  camera?(): FaceCamera;
  decode(image: InlineImage): Promise<FaceImage>;
  encode(image: FaceImage): Promise<InlineImage>;
  timing?: Partial<FaceStepTiming>;
}

const kioskDeps: FaceScreenDeps = { verifier: loadKioskFaceVerifier, decode: decodeInlineImage, encode: encodeJpeg };

export const FaceScreenDepsContext = createContext<FaceScreenDeps>(kioskDeps);

/** The step's outcome as the contract's evidence; a photo that cannot be encoded is "check unavailable". */
export async function evidenceOf(outcome: FaceStepOutcome, encode: FaceScreenDeps['encode']): Promise<FaceEvidence> {
  if (outcome.status === 'needs-staff') return { outcome: 'needs-staff', reason: outcome.reason };
  try {
    return { outcome: 'checked', result: outcome.result, livePhoto: await encode(outcome.photo) };
  } catch {
    return { outcome: 'needs-staff', reason: 'check-unavailable' };
  }
}

type Face = Extract<AccountOpeningState, { phase: 'face' }>;

export function FaceScreen({ state }: { state: Face }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <OpeningFrame phase="face" title={t('accountOpening.face.title')} testId="opening-face-screen">
      <p>{t('accountOpening.face.hint')}</p>
      <IdentityFaceCheck idPhoto={state.idPhoto} onEvidence={(evidence) => actions.accountOpening.face(evidence)} />
      <div className="action-row">
        <CancelOpeningButton />
      </div>
    </OpeningFrame>
  );
}

/**
 * The face check against an ID card's photo, as both identity journeys run it (account opening,
 * card replacement by ID card): the photo decoded, the camera step, the evidence handed over
 * once. A photo that cannot be decoded answers 'needs-staff' at once.
 */
export function IdentityFaceCheck({ idPhoto: photo, onEvidence }: { idPhoto: InlineImage; onEvidence: (evidence: FaceEvidence) => Promise<void> | void }) {
  const { t } = useTranslation();
  const deps = useContext(FaceScreenDepsContext);
  // Created once per screen: a new verifier promise or camera would restart the step.
  const [verifier] = useState(() => deps.verifier());
  const [camera] = useState(() => deps.camera?.());
  const [idPhoto, setIdPhoto] = useState<FaceImage | null>(null);
  const [sending, setSending] = useState(false);
  const [unreadable, setUnreadable] = useState(false);
  // The latest handler, so a parent's re-render does not restart the photo's decoding.
  const answer = useRef(onEvidence);
  answer.current = onEvidence;

  useEffect(() => {
    let live = true;
    setIdPhoto(null);
    deps.decode(photo).then(
      (image) => live && setIdPhoto(image),
      () => {
        // The card's photo cannot be decoded, so no check can run: staff look instead.
        // Only the effect still mounted answers (React may run an effect twice).
        if (!live) return;
        setUnreadable(true);
        void answer.current({ outcome: 'needs-staff', reason: 'check-unavailable' });
      },
    );
    return () => {
      live = false;
    };
  }, [deps, photo]);

  const done = async (outcome: FaceStepOutcome) => {
    setSending(true);
    setIdPhoto(null);
    await answer.current(await evidenceOf(outcome, deps.encode));
  };

  if (sending || unreadable) return <Progress label={t('accountOpening.face.sending')} testId="opening-face-sending" />;
  if (!idPhoto) return <Progress label={t('accountOpening.face.preparing')} testId="opening-face-preparing" />;
  return <FaceCheckStep idPhoto={idPhoto} verifier={verifier} onDone={(outcome) => void done(outcome)} {...(camera ? { camera } : {})} {...(deps.timing ? { timing: deps.timing } : {})} />;
}
