// The service menu: the queue ticket, bill payment, balances and statements, appointments,
// opening an account and replacing a card. A service this kiosk cannot serve right now (the bank
// away, a device missing) is greyed with its reason, and a tap on it is never dead: it says what
// to do instead (the counter, or a ticket).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Tile } from '../../ui/Tile.js';
import { useSessionContext } from '../session/SessionContext.js';
import { useCardDevicesReady } from '../card/useCardDevices.js';
import { unavailableReason, useKioskStatus } from '../status/StatusContext.js';
import { KioskScreen } from './KioskScreen.js';
import { ReplaceCardTile } from '../card-replacement/ReplaceCardTile.js';

export function HomeScreen() {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  // Known before the customer starts: a ticket the host would refuse (storage full) is not offered.
  const { availability } = useKioskStatus();
  const queueBlocked = unavailableReason(availability, 'queue.ticket.issued');
  // Offline within the store-and-forward limits a bill can still be paid; past them it cannot.
  const billBlocked = unavailableReason(availability, 'bill.payment');
  // A kiosk without a working card reader and PIN pad cannot take a payment ("not yet known" offers it).
  const noCardDevices = useCardDevicesReady() === false;
  // Balances and statements ask the bank at every step: nothing of it works without the hub.
  const { online } = useKioskStatus();
  const accountsBlocked = unavailableReason(availability, 'statement.print') ?? (online === false ? 'OFFLINE_NOT_ALLOWED' : null);
  /**
   * The unavailable tile tapped last (`now`: down right now, not coming later; `needsBank`: it
   * cannot work without the bank's connection): its advice shows until another tap.
   */
  // Appointments live at the hub (slots, check-in codes): offline they are not offered.
  const appointmentsBlocked = online === false;
  // Opening an account files an application at the hub and needs an expert on video: refused
  // up front offline, not after the customer has read the card and signed.
  const openingBlocked = unavailableReason(availability, 'account.open') ?? (online === false ? 'OFFLINE_NOT_ALLOWED' : null);
  const [tapped, setTapped] = useState<{ label: string; now: boolean; needsBank?: boolean } | null>(null);
  const advice = (shown: NonNullable<typeof tapped>) => {
    if (shown.needsBank) return t('home.needsBank', { service: shown.label });
    return shown.now || queueBlocked ? t('home.seeCounter', { service: shown.label }) : t('home.seeCounterOrTicket', { service: shown.label });
  };

  return (
    <KioskScreen title={t('home.title')} testId="home-screen">
      {/* The working services: stacked on a tall screen, side by side on a wide one (three full-width bars would push the rest off it in large text). */}
      <div className="home-services">
        <Tile
          icon={<Icon name="ticket" />}
          label={t('tiles.queue')}
          description={t('tiles.queueDescription')}
          onSelect={actions.openQueue}
          testId="tile-queue"
          wide
          {...(queueBlocked ? { disabled: true, badge: t(`home.unavailable.${queueBlocked}`), onUnavailable: () => setTapped({ label: t('tiles.queue'), now: true }) } : {})}
        />
        <Tile
          icon={<Icon name="bill" />}
          label={t('tiles.payBill')}
          description={t('tiles.payBillDescription')}
          onSelect={() => void actions.openBill()}
          testId="tile-pay-bill"
          wide
          {...(billBlocked || noCardDevices
            ? { disabled: true, badge: billBlocked ? t(`home.unavailable.${billBlocked}`) : t('bill.noCardDevices'), onUnavailable: () => setTapped({ label: t('tiles.payBill'), now: true }) }
            : {})}
        />
        <Tile
          icon={<Icon name="bank" />}
          label={t('tiles.statement')}
          description={t('tiles.statementDescription')}
          onSelect={() => void actions.accounts.open()}
          testId="tile-statement"
          wide
          {...(accountsBlocked || noCardDevices
            ? {
                disabled: true,
                badge: accountsBlocked ? t(`home.unavailable.${accountsBlocked}`) : t('bill.noCardDevices'),
                onUnavailable: () => setTapped({ label: t('tiles.statement'), now: true, needsBank: accountsBlocked !== null }),
              }
            : {})}
        />
      </div>
      {tapped && (
        <div className="home-advice" data-testid="unavailable-advice">
          <Notice tone="warning">{advice(tapped)}</Notice>
          {!queueBlocked && (
            <BigButton icon={<Icon name="ticket" />} onClick={actions.openQueue} data-testid="advice-take-ticket">
              {t('home.takeTicket')}
            </BigButton>
          )}
        </div>
      )}
      {/* Smaller than the working services, so they stay the obvious choice even in large text. */}
      <div className="home-more">
        <Tile
          icon={<Icon name="ticket" />}
          label={t('appointment.tileBook')}
          description={t('appointment.tileBookDescription')}
          onSelect={actions.openBooking}
          testId="tile-book-appointment"
          {...(appointmentsBlocked ? { disabled: true, badge: t('appointment.offlineBadge'), onUnavailable: () => setTapped({ label: t('appointment.tileBook'), now: true, needsBank: true }) } : {})}
        />
        <Tile
          icon={<Icon name="arrowDown" />}
          label={t('appointment.tileCheckIn')}
          description={t('appointment.tileCheckInDescription')}
          onSelect={actions.openCheckIn}
          testId="tile-check-in"
          {...(appointmentsBlocked ? { disabled: true, badge: t('appointment.offlineBadge'), onUnavailable: () => setTapped({ label: t('appointment.tileCheckIn'), now: true, needsBank: true }) } : {})}
        />
        <Tile
          icon={<Icon name="bank" />}
          label={t('tiles.openAccount')}
          onSelect={() => void actions.accountOpening.open()}
          testId="tile-open-account"
          {...(openingBlocked ? { disabled: true, badge: t(`home.unavailable.${openingBlocked}`), onUnavailable: () => setTapped({ label: t('tiles.openAccount'), now: true, needsBank: true }) } : {})}
        />
        {/* Needs the bank, the card devices and the dispenser: greyed with the reason otherwise. */}
        <ReplaceCardTile onUnavailable={(needsBank) => setTapped({ label: t('tiles.replaceCard'), now: true, needsBank })} />
      </div>
    </KioskScreen>
  );
}
