// The service menu. Only the queue ticket works today; the others are shown so customers
// learn what is coming, as real disabled buttons with a visible "Coming soon" badge.
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/Icon.js';
import { Tile } from '../../ui/Tile.js';
import { useSessionContext } from '../session/SessionContext.js';
import { unavailableReason, useKioskStatus } from '../status/StatusContext.js';
import { KioskScreen } from './KioskScreen.js';

const comingSoon = [
  { id: 'pay-bill', icon: 'bill', label: 'tiles.payBill' },
  { id: 'open-account', icon: 'bank', label: 'tiles.openAccount' },
  { id: 'replace-card', icon: 'card', label: 'tiles.replaceCard' },
  { id: 'statement', icon: 'printer', label: 'tiles.statement' },
] as const;

export function HomeScreen() {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  // Known before the customer starts: a ticket the host would refuse (storage full) is not offered.
  const queueBlocked = unavailableReason(useKioskStatus().availability, 'queue.ticket.issued');

  return (
    <KioskScreen title={t('home.title')} testId="home-screen">
      <Tile
        icon={<Icon name="ticket" />}
        label={t('tiles.queue')}
        description={t('tiles.queueDescription')}
        onSelect={actions.openQueue}
        testId="tile-queue"
        wide
        {...(queueBlocked ? { disabled: true, badge: t(`home.unavailable.${queueBlocked}`) } : {})}
      />
      {/* Smaller than the working service, so it stays the obvious choice even in large text. */}
      <div className="tile-grid tile-grid--compact">
        {comingSoon.map((tile) => (
          <Tile key={tile.id} icon={<Icon name={tile.icon} />} label={t(tile.label)} badge={t('home.comingSoon')} disabled testId={`tile-${tile.id}`} />
        ))}
      </div>
    </KioskScreen>
  );
}
