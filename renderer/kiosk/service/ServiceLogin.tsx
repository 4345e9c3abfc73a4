// Technician sign-in: the PIN, then the authenticator code, both on the digit pad, sent to
// the host together. The host does not say which of the two was wrong.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnterResult } from '../../../electron/bridge/service-contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { PinPad } from './PinPad.js';
import { ServiceFrame } from './ServiceFrame.js';

export type SignedIn = Extract<EnterResult, { ok: true }>;

type Problem = Extract<EnterResult, { ok: false }> | { ok: false; reason: 'failed' };

function ProblemNotice({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  if (problem.reason === 'wrong') return <Notice tone="danger" testId="login-error">{t('service.login.wrong', { count: problem.attemptsLeft ?? 0 })}</Notice>;
  if (problem.reason === 'locked') {
    const total = Math.ceil((problem.retryAfterMs ?? 0) / 1000);
    return <Notice tone="danger" testId="login-error">{t('service.login.locked', { minutes: Math.floor(total / 60), seconds: total % 60 })}</Notice>;
  }
  return <Notice tone="danger" testId="login-error">{t(problem.reason === 'not-configured' ? 'service.login.notConfigured' : 'service.login.failed')}</Notice>;
}

export function ServiceLogin({ onSignedIn, onCancel, onLanguage }: { onSignedIn(s: SignedIn): void; onCancel(): void; onLanguage(): void }) {
  const { t } = useTranslation();
  const client = useBridge();
  const [step, setStep] = useState<'pin' | 'totp'>('pin');
  const [pin, setPin] = useState('');
  const [totp, setTotp] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // Digits do not outlive the sign-in screen.
  useEffect(() => () => (setPin(''), setTotp('')), []);

  const submit = async () => {
    setBusy(true);
    try {
      const result = await client.request('serviceMode.enter', { pin, totp });
      if (result.ok) return onSignedIn(result);
      setProblem(result);
    } catch {
      setProblem({ ok: false, reason: 'failed' });
    } finally {
      setBusy(false);
    }
    setPin('');
    setTotp('');
    setStep('pin');
  };

  const isPin = step === 'pin';
  return (
    <ServiceFrame title={t(isPin ? 'service.login.pinTitle' : 'service.login.totpTitle')} exitLabel={t('service.cancel')} onExit={onCancel} onLanguage={onLanguage} testId={isPin ? 'service-login-pin' : 'service-login-totp'}>
      <div className="service-login">
        <p>{t(isPin ? 'service.login.pinHint' : 'service.login.totpHint')}</p>
        {problem && <ProblemNotice problem={problem} />}
        <PinPad
          label={t(isPin ? 'service.login.pinTitle' : 'service.login.totpTitle')}
          value={isPin ? pin : totp}
          maxLength={isPin ? 12 : 6}
          onChange={isPin ? setPin : setTotp}
          disabled={busy}
        />
        {isPin ? (
          <BigButton disabled={pin.length < 6} onClick={() => setStep('totp')} data-testid="login-next">
            {t('service.login.next')}
          </BigButton>
        ) : (
          <BigButton disabled={totp.length !== 6 || busy} onClick={() => void submit()} data-testid="login-submit">
            {t(busy ? 'service.login.checking' : 'service.login.signIn')}
          </BigButton>
        )}
      </div>
    </ServiceFrame>
  );
}
