// Book an appointment, in five steps: service → day → free time → phone (optional, with consent)
// → confirm, then the slip prints with its QR. The steps live here; nothing reaches the hub
// before Confirm, and only the host talks to it (appointments.slots / appointments.book).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentProblem, BookResult, KioskSlot } from '../../../electron/bridge/appointments-contract.js';
import type { Locale, QueueService } from '../../../electron/bridge/contract.js';
import { maskPhone, phoneSchema } from '../../../protocol/appointments.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { useBridgeRead } from '../../bridge/useBridgeRead.js';
import { errorMessageKey } from '../../i18n/error-messages.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { NumberPad } from '../../ui/NumberPad.js';
import { Progress } from '../../ui/Progress.js';
import { Tile } from '../../ui/Tile.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { useSessionContext } from '../session/SessionContext.js';

const DAYS_AHEAD = 7;

type Step =
  | { at: 'service' }
  | { at: 'day'; service: QueueService }
  | { at: 'time'; service: QueueService; day: string; slots: KioskSlot[] | null }
  | { at: 'phone'; service: QueueService; day: string; slot: KioskSlot }
  | { at: 'confirm'; service: QueueService; day: string; slot: KioskSlot; phone: string | null }
  | { at: 'booking'; service: QueueService; slot: KioskSlot }
  | { at: 'booked'; service: QueueService; result: Extract<BookResult, { outcome: 'booked' }> }
  | { at: 'refused'; problem: AppointmentProblem; retry: Step };

const STEP_NUMBER: Partial<Record<Step['at'], number>> = { service: 1, day: 2, time: 3, phone: 4, confirm: 5 };

const pad = (n: number) => String(n).padStart(2, '0');
export const localDay = (at: Date) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;

export function nextDays(now: Date, count = DAYS_AHEAD): string[] {
  return Array.from({ length: count }, (_, i) => localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + i)));
}

function dayLabel(day: string, index: number, locale: Locale, t: (key: 'appointment.today' | 'appointment.tomorrow') => string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', weekday: 'short' }).format(new Date(y, m - 1, d));
  if (index === 0) return `${t('appointment.today')} · ${date}`;
  if (index === 1) return `${t('appointment.tomorrow')} · ${date}`;
  return date;
}

export const timeOf = (iso: string, durationMin?: number) => {
  const start = new Date(iso);
  const text = `${pad(start.getHours())}:${pad(start.getMinutes())}`;
  if (durationMin === undefined) return text;
  const end = new Date(start.getTime() + durationMin * 60_000);
  return `${text}–${pad(end.getHours())}:${pad(end.getMinutes())}`;
};

function ServiceStep({ onChoose }: { onChoose: (service: QueueService) => void }) {
  const { t } = useTranslation();
  const { state } = useSessionContext();
  const services = useBridgeRead('queue.services');
  if (services.state.status === 'loading') return <Progress label={t('queue.loadingServices')} />;
  if (services.state.status === 'failed') {
    return (
      <>
        <Notice tone="danger">{t(errorMessageKey(services.state.code))}</Notice>
        <BigButton onClick={services.retry}>{t('app.retry')}</BigButton>
      </>
    );
  }
  return (
    <div className="tile-grid">
      {services.state.value.map((service) => (
        <Tile key={service.id} icon={service.prefix} label={service.name[state.locale]} onSelect={() => onChoose(service)} testId={`appointment-service-${service.id}`} />
      ))}
    </div>
  );
}

function PhoneStep({ initial, onNext }: { initial: string; onNext: (phone: string | null) => void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState(initial);
  const [consent, setConsent] = useState(initial !== '');
  const [problem, setProblem] = useState<'invalid' | 'consent' | null>(null);
  const consentId = useId();
  const next = () => {
    if (phone === '') return onNext(null);
    if (!phoneSchema.safeParse(phone).success) return setProblem('invalid');
    if (!consent) return setProblem('consent');
    onNext(phone);
  };
  return (
    <div className="appointment-phone" data-testid="appointment-phone">
      <div className="appointment-phone__entry">
        <p className="appointment-phone__hint">{t('appointment.phoneHint')}</p>
        <p className="appointment-phone__value" aria-live="polite" data-testid="appointment-phone-value">
          <span className="visually-hidden">{t('appointment.phoneLabel')}: </span>
          {phone || <span className="appointment-phone__empty">{t('appointment.none')}</span>}
        </p>
        <NumberPad
          value={phone}
          onChange={(value) => {
            setPhone(value);
            setProblem(null);
          }}
          maxLength={11}
          testId="appointment-pad"
        />
      </div>
      <div className="appointment-phone__side">
        <label className="appointment-phone__consent" htmlFor={consentId}>
          <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="appointment-consent" />
          <span>{t('appointment.phoneConsent')}</span>
        </label>
        {problem && (
          <Notice tone="danger" testId="appointment-phone-problem">
            {t(problem === 'invalid' ? 'appointment.phoneInvalid' : 'appointment.consentNeeded')}
          </Notice>
        )}
        <BigButton huge onClick={next} data-testid="appointment-phone-next">
          {phone === '' ? t('appointment.noPhone') : t('appointment.next')}
        </BigButton>
      </div>
    </div>
  );
}

export function AppointmentBookScreen() {
  const { t } = useTranslation();
  const client = useBridge();
  const { state, actions } = useSessionContext();
  const locale = state.locale;
  const [step, setStep] = useState<Step>({ at: 'service' });
  const [now] = useState(() => new Date());

  const chooseDay = async (service: QueueService, day: string) => {
    setStep({ at: 'time', service, day, slots: null });
    const answer = await client.request('appointments.slots', { serviceId: service.id, day }).catch(() => ({ outcome: 'refused' as const, problem: 'OFFLINE' as const }));
    // A later tap (another day, Back) wins over a late answer.
    setStep((current) =>
      current.at === 'time' && current.day === day && current.service.id === service.id
        ? answer.outcome === 'ok'
          ? { ...current, slots: answer.slots }
          : { at: 'refused', problem: answer.problem, retry: { at: 'day', service } }
        : current,
    );
  };

  const book = async (service: QueueService, day: string, slot: KioskSlot, phone: string | null) => {
    setStep({ at: 'booking', service, slot });
    const result = await client
      .request('appointments.book', { slotId: slot.slotId, locale, ...(phone ? { contact: { phone, consent: true as const } } : {}) })
      .catch((): BookResult => ({ outcome: 'refused', problem: 'OFFLINE' }));
    // A time taken meanwhile sends the customer back to the times of that day, fetched afresh.
    if (result.outcome === 'booked') setStep({ at: 'booked', service, result });
    else setStep({ at: 'refused', problem: result.problem, retry: { at: 'time', service, day, slots: null } });
  };

  const retry = (target: Step) => {
    if (target.at === 'time') void chooseDay(target.service, target.day);
    else setStep(target);
  };

  const title =
    step.at === 'booked' ? t('appointment.bookedTitle') : step.at === 'confirm' ? t('appointment.confirmTitle') : step.at === 'day' ? t('appointment.chooseDay') : step.at === 'time' ? t('appointment.chooseTime') : step.at === 'phone' ? t('appointment.phoneTitle') : step.at === 'service' ? t('appointment.chooseService') : t('appointment.bookTitle');
  const number = STEP_NUMBER[step.at];

  return (
    <KioskScreen title={title} {...(number ? { step: { current: number, total: 5 } } : {})} testId={`appointment-book-${step.at}`}>
      {step.at === 'service' && <ServiceStep onChoose={(service) => setStep({ at: 'day', service })} />}
      {step.at === 'day' && (
        <div className="appointment-days">
          {nextDays(now).map((day, index) => (
            <BigButton key={day} variant="secondary" onClick={() => void chooseDay(step.service, day)} data-testid={`appointment-day-${index}`}>
              {dayLabel(day, index, locale, t)}
            </BigButton>
          ))}
        </div>
      )}
      {step.at === 'time' &&
        (step.slots === null ? (
          <Progress label={t('appointment.loadingTimes')} />
        ) : step.slots.length === 0 ? (
          <>
            <Notice tone="warning" testId="appointment-no-times">
              {t('appointment.noTimes')}
            </Notice>
            <BigButton variant="secondary" icon={<Icon name="back" />} onClick={() => setStep({ at: 'day', service: step.service })}>
              {t('appointment.chooseDay')}
            </BigButton>
          </>
        ) : (
          <div className="appointment-times">
            {step.slots.map((slot) => (
              <button key={slot.slotId} type="button" className="appointment-time" onClick={() => setStep({ at: 'phone', service: step.service, day: step.day, slot })} data-testid="appointment-time">
                <span className="appointment-time__at">{timeOf(slot.startsAt, slot.durationMin)}</span>
                <span className="appointment-time__left">{t('appointment.placesLeft', { count: slot.placesLeft })}</span>
              </button>
            ))}
          </div>
        ))}
      {step.at === 'phone' && <PhoneStep initial="" onNext={(phone) => setStep({ at: 'confirm', service: step.service, day: step.day, slot: step.slot, phone })} />}
      {step.at === 'confirm' && (
        <div className="appointment-summary" data-testid="appointment-summary">
          <dl>
            <dt>{t('appointment.service')}</dt>
            <dd>{step.service.name[locale]}</dd>
            <dt>{t('appointment.time')}</dt>
            <dd data-testid="appointment-summary-time">
              {dayLabel(step.day, nextDays(now).indexOf(step.day), locale, t)} {timeOf(step.slot.startsAt, step.slot.durationMin)}
            </dd>
            <dt>{t('appointment.phone')}</dt>
            <dd>{step.phone ? maskPhone(step.phone) : t('appointment.none')}</dd>
          </dl>
          <BigButton huge icon={<Icon name="printer" />} onClick={() => void book(step.service, step.day, step.slot, step.phone)} data-testid="appointment-confirm">
            {t('appointment.confirm')}
          </BigButton>
        </div>
      )}
      {step.at === 'booking' && <Progress label={t('appointment.booking')} />}
      {step.at === 'booked' && (
        <div className="appointment-booked" aria-live="polite">
          <p className="appointment-booked__when" data-testid="appointment-booked-when">
            {step.service.name[locale]} · {localDay(new Date(step.result.startsAt))} {timeOf(step.result.startsAt, step.result.durationMin)}
          </p>
          {step.result.print.printed ? (
            <p className="appointment-booked__take" data-testid="appointment-take-slip">
              <Icon name="arrowDown" /> {t('appointment.takeSlip')}
            </p>
          ) : (
            <Notice tone="danger" testId="appointment-slip-not-printed">
              {t('appointment.slipNotPrinted')}
            </Notice>
          )}
          <BigButton huge onClick={() => actions.appointmentBooked(step.result.serviceId, step.result.startsAt)} data-testid="appointment-done">
            {t('appointment.done')}
          </BigButton>
        </div>
      )}
      {step.at === 'refused' && (
        <div className="appointment-refused">
          <Notice tone="danger" testId="appointment-problem">
            {t(`appointment.problem.${step.problem}`)}
          </Notice>
          {step.problem !== 'OFFLINE' && (
            <BigButton huge onClick={() => retry(step.retry)} data-testid="appointment-choose-again">
              {step.retry.at === 'day' ? t('appointment.chooseDay') : t('appointment.chooseTime')}
            </BigButton>
          )}
          <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome}>
            {t('header.home')}
          </BigButton>
        </div>
      )}
    </KioskScreen>
  );
}
