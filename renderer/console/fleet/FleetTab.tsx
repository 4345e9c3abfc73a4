// The Fleet tab: kiosks and alerts (FleetView), software updates, and — for admins and
// operations staff — the alert webhook, one section at a time behind a small section bar.
import { useMemo, useState } from 'react';
import { WEBHOOK_ADMIN_ROLES } from '../../../protocol/fleet-alerts.js';
import { BigButton } from '../../ui/BigButton.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { FleetView } from './FleetView.js';
import { UpdatesClient } from './updates-client.js';
import { UpdatesPanel } from './UpdatesPanel.js';
import { WebhookPanel } from './WebhookPanel.js';

type Section = 'overview' | 'updates' | 'webhook';

export function FleetTab() {
  const t = useT();
  const { session } = useConsoleState();
  const [section, setSection] = useState<Section>('overview');
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new UpdatesClient(token) : null), [token]);
  const role = session?.staff.role;
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
