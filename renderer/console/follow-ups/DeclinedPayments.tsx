// Declined stored payments (issue 10): a bill payment a kiosk stored while it could not reach
// the bank and the bank refused later, or one that needs a person (no answer recorded, an
// unreadable payload). The customer left with a receipt saying "pending", so staff must contact
// them: the list says who (kiosk, branch, when, biller and bill reference, amount, masked card)
// and why in plain words; resolving takes a note of what was done, and the resolved list shows
// who resolved it and when.
import { useId, useMemo, useState } from 'react';
import { declineReasonSchema, type FollowUpState, type StoredPayment } from '../../../protocol/core-banking.js';
import { formatMoney } from '../../../protocol/money.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf, type StaffResourceErrorCode } from '../api/staff-resource.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import type { ConsoleKey, Translate } from '../i18n/console-i18n.js';
import { dateTime } from './follow-up-format.js';
import type { StoredPaymentApi } from './stored-payment-client.js';

const REFRESH_MS = 30_000;
const STATES: readonly FollowUpState[] = ['open', 'resolved'];
const keyOf = (item: StoredPayment) => `${item.kioskId}/${item.transactionId}`;

/** The reason in words: a bank's decline code, or what an unconfirmed / unreadable payment means. A code the console does not know is "another reason", never the code. */
function reasonWords(t: Translate, item: StoredPayment): string {
  if (item.status === 'unconfirmed' || item.status === 'invalid') return t(`followUps.payments.reasons.${item.status}`);
  const known = declineReasonSchema.safeParse(item.reason);
  return t(known.success ? (`followUps.payments.reasons.${known.data}` as ConsoleKey) : 'followUps.payments.reasons.other');
}

function errorWords(t: Translate, code: StaffResourceErrorCode): string {
  if (code === 'not-found') return t('followUps.payments.errors.notFound');
  if (code === 'forbidden') return t('followUps.payments.errors.forbidden');
  return t('followUps.payments.loadFailed');
}

interface Shown {
  amount: string;
  biller: string;
  card: string;
  kiosk: string;
}

function shownOf(t: Translate, item: StoredPayment, locale: 'zh-CN' | 'en'): Shown {
  const unknown = t('followUps.payments.unknown');
  return {
    amount: item.amount ? formatMoney(item.amount, locale) : unknown,
    biller: item.billerName?.[locale] ?? item.billerId ?? unknown,
    card: item.maskedPan ?? unknown,
    kiosk: item.kioskId,
  };
}

function PaymentRow({ item, selected, onResolve }: { item: StoredPayment; selected: boolean; onResolve: () => void }) {
  const t = useT();
  const { locale } = useConsoleState();
  const shown = shownOf(t, item, locale);
  return (
    <tr className="stored-payment-row" data-testid="stored-payment-row" data-transaction={item.transactionId} data-status={item.status} aria-selected={selected}>
      <td>
        {item.kioskId}
        <br />
        <span className="follow-up-hint">{item.branchId ? t('followUps.payments.branch', { branch: item.branchId }) : t('followUps.payments.noBranch')}</span>
      </td>
      <td>{item.storedAt ? dateTime(item.storedAt, locale) : t('followUps.payments.unknown')}</td>
      <td>{dateTime(item.appliedAt, locale)}</td>
      <td>
        {shown.biller}
        <br />
        <span className="follow-up-hint" data-testid="stored-payment-reference">
          {item.reference ?? t('followUps.payments.unknown')}
        </span>
      </td>
      <td className="stored-payment-amount" data-testid="stored-payment-amount">
        {shown.amount}
      </td>
      <td className="stored-payment-card">{shown.card}</td>
      <td data-testid="stored-payment-reason">{reasonWords(t, item)}</td>
      <td data-testid="stored-payment-status">{t(`followUps.payments.status.${item.status}`)}</td>
      <td>
        {item.followedUpAt ? (
          <span data-testid="stored-payment-resolved">
            {t('followUps.payments.resolvedBy', { name: item.followedUpBy?.name ?? t('followUps.payments.unknown'), at: dateTime(item.followedUpAt, locale) })}
            {item.followUpNote && <span className="stored-payment-note">{item.followUpNote}</span>}
          </span>
        ) : (
          <BigButton variant="secondary" onClick={onResolve} aria-label={t('followUps.payments.resolveOf', { amount: shown.amount, kiosk: item.kioskId })} data-testid="stored-payment-resolve">
            {t('followUps.payments.resolve')}
          </BigButton>
        )}
      </td>
    </tr>
  );
}

function ResolveForm({ item, busy, onSubmit, onCancel }: { item: StoredPayment; busy: boolean; onSubmit: (note: string) => void; onCancel: () => void }) {
  const t = useT();
  const { locale } = useConsoleState();
  const [note, setNote] = useState('');
  const titleId = useId();
  const noteId = useId();
  const shown = shownOf(t, item, locale);
  const at = item.storedAt ? dateTime(item.storedAt, locale) : t('followUps.payments.unknown');
  return (
    <form
      className="follow-up-detail stored-payment-form"
      data-testid="stored-payment-form"
      aria-labelledby={titleId}
      onSubmit={(event) => {
        event.preventDefault();
        if (note.trim() !== '') onSubmit(note.trim());
      }}
    >
      <h3 id={titleId}>{t('followUps.payments.form.title')}</h3>
      <p data-testid="stored-payment-form-summary">{t('followUps.payments.form.summary', { ...shown, at })}</p>
      <p>{reasonWords(t, item)}</p>
      <label htmlFor={noteId}>{t('followUps.payments.form.noteLabel')}</label>
      <textarea
        id={noteId}
        value={note}
        required
        maxLength={500}
        rows={3}
        placeholder={t('followUps.payments.form.notePlaceholder')}
        onChange={(event) => setNote(event.target.value)}
        data-testid="stored-payment-note"
      />
      <div className="follow-up-actions">
        <BigButton type="submit" disabled={busy || note.trim() === ''} data-testid="stored-payment-submit">
          {t('followUps.payments.form.submit')}
        </BigButton>
        <BigButton variant="quiet" onClick={onCancel} data-testid="stored-payment-cancel">
          {t('followUps.payments.form.cancel')}
        </BigButton>
      </div>
    </form>
  );
}

export function DeclinedPayments({ client }: { client: StoredPaymentApi | null }) {
  const t = useT();
  const [state, setState] = useState<FollowUpState>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<StaffResourceErrorCode | null>(null);
  const load = useMemo(() => (client ? () => client.list(state) : null), [client, state]);
  const { data: items, error, refresh, failed } = useStaffResource(load, REFRESH_MS);
  const chosen = items?.find((item) => keyOf(item) === selected) ?? null;

  const resolve = async (item: StoredPayment, note: string) => {
    if (!client) return;
    setBusy(true);
    setActionError(null);
    try {
      await client.resolve(item.kioskId, item.transactionId, note);
      setSelected(null);
    } catch (err) {
      failed(err);
      setActionError(errorCodeOf(err));
      // Resolved by someone else meanwhile: it is no longer open, so the form has nothing to resolve.
      if (errorCodeOf(err) === 'not-found') setSelected(null);
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const shownError = actionError ?? error;
  return (
    <section className="stored-payments" data-testid="stored-payments" aria-labelledby="stored-payments-title" data-loaded={items !== null} data-state={state}>
      <h2 id="stored-payments-title">{t('followUps.payments.title')}</h2>
      <p className="follow-up-hint">{t('followUps.payments.intro')}</p>
      {shownError && (
        <Notice tone="danger" testId="stored-payments-error">
          {errorWords(t, shownError)}
        </Notice>
      )}
      <div className="follow-up-filters" role="group" aria-label={t('followUps.payments.filters.label')}>
        {STATES.map((option) => (
          <BigButton
            key={option}
            variant="quiet"
            aria-pressed={state === option}
            onClick={() => {
              setState(option);
              setSelected(null);
              setActionError(null);
            }}
            data-testid={`stored-payments-filter-${option}`}
          >
            {t(`followUps.payments.filters.${option}`)}
          </BigButton>
        ))}
        <BigButton variant="quiet" onClick={() => void refresh()} data-testid="stored-payments-refresh">
          {t('followUps.payments.refresh')}
        </BigButton>
      </div>
      <div className={chosen ? 'stored-payments-layout stored-payments-layout--resolving' : 'stored-payments-layout'}>
        <div>
          {items && items.length === 0 && <p data-testid="stored-payments-empty">{t(state === 'open' ? 'followUps.payments.empty' : 'followUps.payments.emptyResolved')}</p>}
          {items && items.length > 0 && (
            <table className="console-table" data-testid="stored-payments-table">
              <thead>
                <tr>
                  <th scope="col">{t('followUps.payments.columns.kiosk')}</th>
                  <th scope="col">{t('followUps.payments.columns.paidAt')}</th>
                  <th scope="col">{t('followUps.payments.columns.answeredAt')}</th>
                  <th scope="col">{t('followUps.payments.columns.bill')}</th>
                  <th scope="col">{t('followUps.payments.columns.amount')}</th>
                  <th scope="col">{t('followUps.payments.columns.card')}</th>
                  <th scope="col">{t('followUps.payments.columns.reason')}</th>
                  <th scope="col">{t('followUps.payments.columns.status')}</th>
                  <th scope="col">{t('followUps.payments.columns.followUp')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <PaymentRow key={keyOf(item)} item={item} selected={keyOf(item) === selected} onResolve={() => setSelected(keyOf(item))} />
                ))}
              </tbody>
            </table>
          )}
        </div>
        {chosen && !chosen.followedUpAt && (
          <ResolveForm key={keyOf(chosen)} item={chosen} busy={busy} onSubmit={(note) => void resolve(chosen, note)} onCancel={() => setSelected(null)} />
        )}
      </div>
    </section>
  );
}
