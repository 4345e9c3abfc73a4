// What the expert pushes onto the customer's screen during a call: a read-back form to
// confirm, a request to put an ID document on the reader, and a remote authorization result.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import type { CallView } from './call-view.js';

export function FormCard({ form, onAnswer }: { form: NonNullable<CallView['form']>; onAnswer: (confirmed: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <section className="call-card" data-testid="assist-form" aria-label={t('assist.form.title')}>
      <h2 className="call-card__title">{form.title || t('assist.form.title')}</h2>
      <dl className="call-card__fields">
        {form.fields.map((field, index) => (
          <div key={index} className="call-card__field">
            <dt>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
      <div className="action-row">
        <BigButton onClick={() => onAnswer(true)} data-testid="assist-form-confirm">
          {t('assist.form.confirm')}
        </BigButton>
        <BigButton variant="secondary" onClick={() => onAnswer(false)} data-testid="assist-form-reject">
          {t('assist.form.reject')}
        </BigButton>
      </div>
    </section>
  );
}

const scanText = {
  waiting: 'assist.idScan.waiting',
  ok: 'assist.idScan.ok',
  unreadable: 'assist.idScan.unreadable',
  declined: 'assist.idScan.declined',
  'no-reader': 'assist.idScan.noReader',
} as const;

export function IdScanCard({ scan, onDecline, onClose }: { scan: NonNullable<CallView['idScan']>; onDecline: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const document = t(scan.document === 'passport' ? 'assist.idScan.passport' : 'assist.idScan.idCard');
  return (
    <section className="call-card" data-testid="assist-id-scan" data-status={scan.status} aria-live="polite">
      <h2 className="call-card__title">{t('assist.idScan.title', { document })}</h2>
      <p>{t(scanText[scan.status])}</p>
      {scan.status === 'waiting' ? (
        <BigButton variant="secondary" onClick={onDecline} data-testid="assist-id-scan-decline">
          {t('assist.idScan.decline')}
        </BigButton>
      ) : (
        <BigButton variant="secondary" onClick={onClose} data-testid="assist-id-scan-close">
          {t('assist.idScan.close')}
        </BigButton>
      )}
    </section>
  );
}

export function AuthorizationCard({ authorization }: { authorization: NonNullable<CallView['authorization']> }) {
  const { t } = useTranslation();
  const approved = authorization.decision === 'approve';
  return (
    <p className={approved ? 'call-card call-card--approved' : 'call-card call-card--declined'} role="status" data-testid="assist-authorization" data-decision={authorization.decision} data-decision-id={authorization.decisionId}>
      {t(approved ? 'assist.authorization.approved' : 'assist.authorization.declined')}
    </p>
  );
}
