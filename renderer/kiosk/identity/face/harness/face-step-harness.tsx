// The face step alone, in the kiosk build (`vite build --mode face-harness` adds this page; a
// normal build leaves it out), for the e2e test and for looking at the step by hand. The page
// stands in for the account-opening journey: a frame with title and "step 2 of 4", the real
// lazily loaded verifier, and the outcome kept where the test can read it.
// Query: ?lang=en|zh-CN, &elder=1, &id=<URL of the ID photo>, &tries=<maxTries>.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { FaceImage } from '../../../../../protocol/face-check.js';
import { createKioskI18n } from '../../../../i18n/i18n.js';
import { ScreenFrame } from '../../../../ui/ScreenFrame.js';
import { StepIndicator } from '../../../../ui/StepIndicator.js';
import '../../../../ui/tokens.css';
import '../../../../ui/kit.css';
import '../../../kiosk.css';
import { FaceCheckStep } from '../FaceCheckStep.js';
import type { FaceStepOutcome } from '../face-step-flow.js';
import { decodePhoto } from '../frames.dom.js';
import { loadKioskFaceVerifier } from '../load-verifier.js';

declare global {
  interface Window {
    /** What the step handed to the "journey"; null until it ends. */
    faceStepOutcome?: FaceStepOutcome | null;
  }
}

const params = new URLSearchParams(location.search);
const locale = params.get('lang') === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = locale;
if (params.get('elder') === '1') document.documentElement.setAttribute('data-elder', '');
window.faceStepOutcome = null;

async function idPhoto(url: string): Promise<FaceImage> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return decodePhoto(await response.blob());
}

function Journey({ photo }: { photo: FaceImage }) {
  const { t } = useTranslation();
  // Created once: a new promise per render would restart the step.
  const [verifier] = useState(loadKioskFaceVerifier);
  return (
    <ScreenFrame title={t('faceCheck.title')} step={<StepIndicator current={2} total={4} label={t('steps.indicator', { current: 2, total: 4 })} />} testId="face-step-screen">
      <FaceCheckStep idPhoto={photo} verifier={verifier} maxTries={Number(params.get('tries') ?? 3)} onDone={(outcome) => (window.faceStepOutcome = outcome)} />
    </ScreenFrame>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('face-step.html has no #root element');
void idPhoto(params.get('id') ?? '').then((photo) =>
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={createKioskI18n(locale)}>
        <Journey photo={photo} />
      </I18nextProvider>
    </StrictMode>,
  ),
);
