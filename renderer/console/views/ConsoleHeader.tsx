// The bar on every signed-in view: who is signed in and in which state, the availability
// switch, the supervisor tab for supervisors and admins (operations staff: the fleet tab
// only, and no availability: they take no calls), language and sign-out.
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import { isSupervisorRole } from '../state/console-store.js';
import { LanguageButton } from './LanguageButton.js';

export function ConsoleHeader() {
  const t = useT();
  const controller = useController();
  const { session, expertState, wantsCalls, tab, socket } = useConsoleState();
  if (!session) return null;
  return (
    <>
      <header className="console-header">
        <span className="console-brand">{t('app.title')}</span>
        <span data-testid="console-staff">{t('header.signedInAs', { name: session.staff.displayName, role: t(`roles.${session.staff.role}`) })}</span>
        {session.staff.role !== 'teller' && session.staff.role !== 'operations' && (
          <>
            <span className={`console-state console-state--${expertState}`} data-testid="expert-state">
              {t(`states.${expertState}`)}
            </span>
            <BigButton
              variant="quiet"
              aria-pressed={wantsCalls}
              data-testid="availability-toggle"
              onClick={() => controller.setAvailable(!wantsCalls)}
            >
              {t('header.available')}
            </BigButton>
          </>
        )}
        <span className="console-spacer" />
        {isSupervisorRole(session.staff.role) && (
          <nav className="console-tabs">
            <BigButton variant="quiet" aria-pressed={tab === 'queue'} data-testid="tab-queue" onClick={() => controller.setTab('queue')}>
              {t('header.queue')}
            </BigButton>
            <BigButton variant="quiet" aria-pressed={tab === 'supervisor'} data-testid="tab-supervisor" onClick={() => controller.setTab('supervisor')}>
              {t('header.supervisor')}
            </BigButton>
            <BigButton variant="quiet" aria-pressed={tab === 'fleet'} data-testid="tab-fleet" onClick={() => controller.setTab('fleet')}>
              {t('fleet.tab')}
            </BigButton>
            <BigButton variant="quiet" aria-pressed={tab === 'follow-ups'} data-testid="tab-follow-ups" onClick={() => controller.setTab('follow-ups')}>
              {t('followUps.tab')}
            </BigButton>
            <BigButton variant="quiet" aria-pressed={tab === 'knowledge'} data-testid="tab-knowledge" onClick={() => controller.setTab('knowledge')}>
              {t('knowledge.tab')}
            </BigButton>
            <BigButton variant="quiet" aria-pressed={tab === 'analytics'} data-testid="tab-analytics" onClick={() => controller.setTab('analytics')}>
              {t('analytics.tab')}
            </BigButton>
            <BigButton variant="quiet" aria-pressed={tab === 'recommendations'} data-testid="tab-recommendations" onClick={() => controller.setTab('recommendations')}>
              {t('recommendations.tab')}
            </BigButton>
            {session.staff.role === 'admin' && (
              <BigButton variant="quiet" aria-pressed={tab === 'accounts'} data-testid="tab-accounts" onClick={() => controller.setTab('accounts')}>
                {t('header.accounts')}
              </BigButton>
            )}
          </nav>
        )}
        {session.staff.role === 'operations' && (
          <nav className="console-tabs">
            <BigButton variant="quiet" aria-pressed={tab === 'fleet'} data-testid="tab-fleet" onClick={() => controller.setTab('fleet')}>
              {t('fleet.tab')}
            </BigButton>
          </nav>
        )}
        <LanguageButton />
        <BigButton variant="quiet" data-testid="sign-out" onClick={() => controller.signOut()}>
          {t('header.signOut')}
        </BigButton>
      </header>
      {socket === 'reconnecting' && (
        <Notice tone="warning" testId="hub-reconnecting">
          {t('header.reconnecting')}
        </Notice>
      )}
    </>
  );
}
