// The Fleet tab: kiosks and alerts (FleetView), software updates, and — for admins and
// operations staff — the alert webhook, one section at a time behind a small section bar.
// For operations staff it also follows alert events by long poll (alert-follower.ts).
import { useEffect, useMemo, useState } from 'react';
import { WEBHOOK_ADMIN_ROLES } from '../../../protocol/fleet-alerts.js';
import { BigButton } from '../../ui/BigButton.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import { followAlertChanges } from './alert-follower.js';
import { fleetChannelOf } from './fleet-channel.js';
import { FleetClient } from './fleet-client.js';
import { FleetView } from './FleetView.js';
import { UpdatesClient } from './updates-client.js';
import { UpdatesPanel } from './UpdatesPanel.js';
import { WebhookPanel } from './WebhookPanel.js';

type Section = 'overview' | 'updates' | 'webhook';

export function FleetTab() {
  const t = useT();
  const controller = useController();
  const { session } = useConsoleState();
  const [section, setSection] = useState<Section>('overview');
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new UpdatesClient(token) : null), [token]);
  const role = session?.staff.role;
  // Operations staff have no call socket to carry `fleet.alert`: they long-poll the hub instead.
  const follow = token !== null && role === 'operations';
  useEffect(() => {
    if (!follow || !token) return;
    const fleet = new FleetClient(token);
    const stop = new AbortController();
    void followAlertChanges({ changes: (since, signal) => fleet.alertChanges(since, 25, signal), emit: (notice) => fleetChannelOf(controller).emit(notice), signal: stop.signal });
    return () => stop.abort();
  }, [follow, token, controller]);
  const sections: Section[] = role && (WEBHOOK_ADMIN_ROLES as readonly string[]).includes(role) ? ['overview', 'updates', 'webhook'] : ['overview', 'updates'];
  return (
    <>
      <nav className="console-tabs fleet-sections" aria-label={t('fleet.sections.label')}>
        {sections.map((name) => (
          <BigButton key={name} variant="quiet" aria-pressed={section === name} data-testid={`fleet-section-${name}`} onClick={() => setSection(name)}>
            {t(`fleet.sections.${name}`)}
          </BigButton>
        ))}
      </nav>
      {section === 'overview' && <FleetView />}
      {section === 'updates' && <UpdatesPanel api={client} />}
      {section === 'webhook' && <WebhookPanel api={client} />}
    </>
  );
}
