// Sign-in: username, password and the current TOTP code. Errors come from stable codes
// (wrong factor, rate limit, expired session…); the hub never says which factor was wrong,
// and neither do we.
import { useState, type FormEvent } from 'react';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenFrame } from '../../ui/ScreenFrame.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import { LanguageButton } from './LanguageButton.js';

export function LoginView() {
  const t = useT();
  const controller = useController();
  const { loginError } = useConsoleState();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    await controller.signIn(username, password, totp.replace(/\s/g, ''));
    // A code works once: clear it so a retry does not resend a burnt one.
    setTotp('');
    setBusy(false);
  };

  return (
    <ScreenFrame title={t('login.title')} header={<><span className="console-brand">{t('app.title')}</span><LanguageButton /></>} testId="console-login">
      <form className="console-form console-login" onSubmit={(event) => void submit(event)}>
        <label>
          {t('login.username')}
          <input data-testid="login-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input data-testid="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <label>
          {t('login.totp')}
          <input
            data-testid="login-totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
            required
          />
        </label>
        {loginError && (
          <Notice tone="danger" testId="login-error">
            {t(`login.errors.${loginError}`)}
          </Notice>
        )}
        <BigButton type="submit" disabled={busy} data-testid="login-submit">
          {busy ? t('login.signingIn') : t('login.submit')}
        </BigButton>
      </form>
    </ScreenFrame>
  );
}
