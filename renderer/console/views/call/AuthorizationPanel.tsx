// Actions the customer cannot finish without staff approval. Approve/decline goes to the
// hub (`authorization.decide`), which records and signs it and tells the kiosk; the button
// shows the decision only once the hub has recorded it.
import { BigButton } from '../../../ui/BigButton.js';
import { useConsoleState, useController, useT } from '../../ConsoleContext.js';
import type { AuthorizationItem, CallView } from '../../state/call-state.js';

function amountText(item: AuthorizationItem, locale: string): string | null {
  const { amountMinor, currency } = item.request;
  if (amountMinor === undefined || !currency) return null;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 100);
}

function Item({ item }: { item: AuthorizationItem }) {
  const t = useT();
  const controller = useController();
  const { locale } = useConsoleState();
  const { request, status } = item;
  const amount = amountText(item, locale);
  const decided = status === 'approve' || status === 'decline';
  return (
    <li className="console-auth" data-testid="auth-item" data-status={status} data-auth-request-id={request.authRequestId}>
      <p>
        <code>{request.action}</code> — {request.summary}
      </p>
      {amount && (
        <p>
          {t('auth.amount')}: <strong>{amount}</strong>
        </p>
      )}
      {decided ? (
        <p data-testid="auth-recorded">{t('auth.recorded', { decision: status === 'approve' ? t('auth.approved') : t('auth.declined') })}</p>
      ) : (
        <div className="console-row">
          <BigButton disabled={status === 'sending'} data-testid="auth-approve" onClick={() => controller.decide(request.authRequestId, request.action, 'approve')}>
            {t('auth.approve')}
          </BigButton>
          <BigButton variant="secondary" disabled={status === 'sending'} data-testid="auth-decline" onClick={() => controller.decide(request.authRequestId, request.action, 'decline')}>
            {t('auth.decline')}
          </BigButton>
        </div>
      )}
    </li>
  );
}

export function AuthorizationPanel({ call }: { call: CallView }) {
  const t = useT();
  return (
    <section className="console-card" data-testid="auth-panel" aria-label={t('auth.title')}>
      <h2 className="console-subtitle">{t('auth.title')}</h2>
      {call.authorizations.length === 0 ? (
        <p className="console-muted">{t('auth.none')}</p>
      ) : (
        <ul className="console-list">
          {call.authorizations.map((item) => (
            <Item key={item.request.authRequestId} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}
