// Home's "Replace a card" tile. Offered only when it can work from start to end: the bank's
// connection (a card is blocked, issued and paid for at the bank — nothing of it offline), a
// card reader and PIN pad to sign in, and a card dispenser with cards in it. Otherwise it is
// greyed with the reason, and a tap says what to do instead (Home shows the advice).
import { useTranslation } from 'react-i18next';
import type { DeviceHealth } from '../../../electron/bridge/contract.js';
import { Icon } from '../../ui/Icon.js';
import { Tile } from '../../ui/Tile.js';
import { useCardDevicesReady, useDevicesReady } from '../card/useCardDevices.js';
import { useSessionContext } from '../session/SessionContext.js';
import { unavailableReason, useKioskStatus } from '../status/StatusContext.js';

/** A dispenser that can give a card now: configured, answering, not jammed, not empty. */
export function dispenserReady(devices: ReadonlyMap<string, DeviceHealth>): boolean {
  return [...devices.values()].some((d) => d.kind === 'card-dispenser' && d.state !== 'offline' && d.state !== 'error' && d.reason !== 'stock-out');
}

/** null until the host has answered; follows device.health after (a newer event wins over the list). */
export function useDispenserReady(): boolean | null {
  return useDevicesReady(dispenserReady);
}

/** `onUnavailable(needsBank)`: a tap on the greyed tile; Home says where to go instead. */
export function ReplaceCardTile({ onUnavailable }: { onUnavailable(needsBank: boolean): void }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  const { availability, online } = useKioskStatus();
  const offline = unavailableReason(availability, 'card.replace') ?? (online === false ? 'OFFLINE_NOT_ALLOWED' : null);
  const noCardDevices = useCardDevicesReady() === false;
  const noDispenser = useDispenserReady() === false;
  const badge = offline ? t(`home.unavailable.${offline}`) : noCardDevices ? t('bill.noCardDevices') : noDispenser ? t('cardReplacement.noDispenser') : null;
  return (
    <Tile
      icon={<Icon name="card" />}
      label={t('tiles.replaceCard')}
      onSelect={() => void actions.cardReplacement.open()}
      testId="tile-replace-card"
      {...(badge ? { disabled: true, badge, onUnavailable: () => onUnavailable(offline !== null) } : {})}
    />
  );
}
