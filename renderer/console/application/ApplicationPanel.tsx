// What the expert checks before approving an account opening: when the kiosk asks for an
// `account.open` authorization in the call, the application it names (authRequestId =
// applicationId) is fetched from the hub with the staff session and shown in full — this is
// the back office: the ID fields unmasked, the ID photo beside the live photo, the match score
// against its threshold with the liveness result and the engine, the KYC answers, the consent
// version and the signature. Approve / Decline stay the authorization panel's buttons.
//
// Nothing of it is logged or kept beyond this panel's state: it is dropped when the call ends.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ACCOUNT_OPEN_ACTION, type InlineImage, type StaffApplicationView } from '../../../protocol/account-opening.js';
import { BigButton } from '../../ui/BigButton.js';
import { errorCodeOf, type StaffResourceErrorCode } from '../api/staff-resource.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import type { CallView } from '../state/call-state.js';
import { ApplicationClient, type ApplicationApi } from './application-client.js';
import './application.css';

type Load = { kind: 'loading' } | { kind: 'failed'; code: StaffResourceErrorCode } | { kind: 'loaded'; view: StaffApplicationView };

const imageSrc = (image: InlineImage) => `data:${image.mime};base64,${image.base64}`;

function useApplication(api: ApplicationApi | null, applicationId: string): { load: Load; retry: () => void } {
  const controller = useController();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!api) return;
    let live = true;
    setLoad({ kind: 'loading' });
    api.view(applicationId).then(
      (view) => live && setLoad({ kind: 'loaded', view }),
      (error: unknown) => {
        if (!live) return;
        const code = errorCodeOf(error);
        if (code === 'session-expired') controller.signOut('session-expired');
        setLoad({ kind: 'failed', code });
      },
    );
    return () => {
      live = false;
    };
  }, [api, applicationId, attempt, controller]);
  return { load, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}

/** `wide`: a value read whole (an ID number, an address) gets the list's full width. */
function Row({ label, value, testId, wide = false }: { label: string; value: string; testId?: string; wide?: boolean }) {
  return (
    <div className={wide ? 'console-application__wide' : undefined}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function FaceCheck({ view }: { view: StaffApplicationView }) {
  const t = useT();
  const { locale } = useConsoleState();
  const { face } = view;
  if (face.outcome === 'needs-staff') {
    return (
      <p className="console-application__warning" data-testid="application-face-needs-staff">
        {t('application.face.needsStaff', { reason: t(`application.face.staffReasons.${face.reason}`) })}
      </p>
    );
  }
  const { result } = face;
  const number = (value: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  const above = result.score >= result.threshold;
  const { liveness } = result;
  return (
    <dl className="console-fields" data-testid="application-face">
      <Row label={t('application.face.decision')} value={t(`application.face.decisions.${result.decision}`)} testId="application-face-decision" />
      <div className="console-application__wide">
        <dt>{t('application.face.score')}</dt>
        <dd data-testid="application-face-score" data-above={above}>
          {t('application.face.scoreValue', { score: number(result.score), threshold: number(result.threshold) })} — <strong>{t(above ? 'application.face.above' : 'application.face.below')}</strong>
        </dd>
      </div>
      <Row
        label={t('application.face.liveness')}
        value={
          liveness.passed
            ? t('application.face.livePassed', { challenge: t(`application.face.challenges.${liveness.challenge ?? 'none'}`) })
            : t('application.face.liveFailed', { reason: t(`application.face.reasons.${liveness.reason}`) })
        }
        testId="application-face-liveness"
      />
      {liveness.antiSpoofScore !== null && <Row label={t('application.face.antiSpoof')} value={number(liveness.antiSpoofScore)} />}
      <Row label={t('application.face.engine')} value={result.engine} testId="application-face-engine" />
    </dl>
  );
}

function Details({ view }: { view: StaffApplicationView }) {
  const t = useT();
  const { locale } = useConsoleState();
  const { document, kyc, consent } = view;
  const tax =
    kyc.taxResidency.kind === 'cn-only'
      ? t('application.kyc.cnOnly')
      : t('application.kyc.elsewhere', { countries: kyc.taxResidency.countries.map((c) => `${c.country} (${c.tin})`).join(', ') });
  const filedAt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(view.filedAt));
  return (
    <>
      <p className="console-muted" data-testid="application-filed">
        {t('application.filed', { at: filedAt, kiosk: view.kioskId })} · <strong data-testid="application-status">{t(`application.status.${view.status}`)}</strong>
      </p>
      <h3 className="console-application__heading">{t('application.photos.title')}</h3>
      <div className="console-application__photos">
        <figure>
          {view.idPhoto ? (
            <img src={imageSrc(view.idPhoto)} alt={t('application.photos.id')} data-testid="application-id-photo" />
          ) : (
            <p className="console-application__nophoto" data-testid="application-no-id-photo">
              {t('application.photos.noId')}
            </p>
          )}
          <figcaption>{t('application.photos.id')}</figcaption>
        </figure>
        <figure>
          {view.face.outcome === 'checked' ? (
            <img src={imageSrc(view.face.livePhoto)} alt={t('application.photos.live')} data-testid="application-live-photo" />
          ) : (
            <p className="console-application__nophoto">{t('application.photos.noLive')}</p>
          )}
          <figcaption>{t('application.photos.live')}</figcaption>
        </figure>
      </div>
      <h3 className="console-application__heading">{t('application.face.title')}</h3>
      <FaceCheck view={view} />
      <h3 className="console-application__heading">{t('application.document.title')}</h3>
      <dl className="console-fields" data-testid="application-document">
        <Row label={t('application.document.title')} value={t(`application.document.kind.${document.kind}`)} />
        <Row label={t('application.document.name')} value={document.name} testId="application-name" />
        <Row label={t('application.document.idNumber')} value={document.idNumber} testId="application-id-number" wide />
        <Row label={t('application.document.sex')} value={t(`application.document.sexes.${document.sex}`)} />
        <Row label={t('application.document.birthDate')} value={document.birthDate} />
        <Row label={t('application.document.age')} value={String(view.age)} testId="application-age" />
        <Row label={t('application.document.nationality')} value={document.nationality} />
        <Row label={t('application.document.validTo')} value={document.validTo === 'long-term' ? t('application.document.longTerm') : document.validTo} />
        {document.address && <Row label={t('application.document.address')} value={document.address} wide />}
        {document.issuer && <Row label={t('application.document.issuer')} value={document.issuer} />}
      </dl>
      <h3 className="console-application__heading">{t('application.kyc.title')}</h3>
      <dl className="console-fields" data-testid="application-kyc">
        <Row
          label={t('application.kyc.occupation')}
          value={kyc.occupation === 'other' && kyc.occupationOther ? `${t('application.kyc.occupations.other')}: ${kyc.occupationOther}` : t(`application.kyc.occupations.${kyc.occupation}`)}
          testId="application-occupation"
        />
        <Row label={t('application.kyc.purpose')} value={t(`application.kyc.purposes.${kyc.purpose}`)} testId="application-purpose" />
        <Row label={t('application.kyc.tax')} value={tax} testId="application-tax" />
      </dl>
      <h3 className="console-application__heading">{t('application.consent.title')}</h3>
      <dl className="console-fields" data-testid="application-consent">
        <Row label={t('application.consent.version')} value={consent.version} testId="application-consent-version" />
        <Row
          label={t('application.consent.accepted')}
          value={consent.accepted.map((item) => (item === 'terms' || item === 'privacy' || item === 'identity-check' ? t(`application.consent.items.${item}`) : item)).join(', ')}
        />
      </dl>
      <figure className="console-application__signature">
        <img src={imageSrc(consent.signature)} alt={t('application.consent.signature')} data-testid="application-signature" />
        <figcaption>{t('application.consent.signature')}</figcaption>
      </figure>
      <p className="console-muted">{t('application.decide')}</p>
    </>
  );
}

function Application({ api, applicationId }: { api: ApplicationApi | null; applicationId: string }) {
  const t = useT();
  const { load, retry } = useApplication(api, applicationId);
  return (
    <div data-testid="application" data-application-id={applicationId} data-load={load.kind}>
      {load.kind === 'loading' && <p role="status">{t('application.loading')}</p>}
      {load.kind === 'failed' && (
        <>
          <p role="alert" data-testid="application-error">
            {t(`application.errors.${load.code}`)}
          </p>
          <BigButton variant="secondary" onClick={retry} data-testid="application-retry">
            {t('application.retry')}
          </BigButton>
        </>
      )}
      {load.kind === 'loaded' && <Details view={load.view} />}
    </div>
  );
}

/** Shown only while the call carries an account.open request; `api` is injectable for tests. */
export function ApplicationPanel({ call, api }: { call: CallView; api?: ApplicationApi }) {
  const t = useT();
  const token = useConsoleState().session?.token ?? null;
  const client = useMemo(() => api ?? (token ? new ApplicationClient(token) : null), [api, token]);
  const requests = call.authorizations.filter((item) => item.request.action === ACCOUNT_OPEN_ACTION);
  if (requests.length === 0) return null;
  return (
    <section className="console-card console-application" data-testid="application-panel" aria-label={t('application.title')}>
      <h2 className="console-subtitle">{t('application.title')}</h2>
      {requests.map((item) => (
        <Application key={item.request.authRequestId} api={client} applicationId={item.request.authRequestId} />
      ))}
    </section>
  );
}
