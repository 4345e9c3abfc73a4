// The expert console: sign-in, then the queue (or the supervisor's floor view), a call, and
// the wrap-up form — one view per phase of the store.
import { StaffAccountsView } from './accounts/StaffAccountsView.js';
import { useConsoleState } from './ConsoleContext.js';
import { CallView } from './views/CallView.js';
import { ConsoleHeader } from './views/ConsoleHeader.js';
import { CounterView } from './counter/CounterView.js';
import { FleetTab } from './fleet/FleetTab.js';
import { FollowUpsView } from './follow-ups/FollowUpsView.js';
import { KnowledgeView } from './knowledge/KnowledgeView.js';
import { AnalyticsView } from './analytics/AnalyticsView.js';
import { RecommendationsView } from './recommendations/RecommendationsView.js';
import { LoginView } from './views/LoginView.js';
import { QueueView } from './views/QueueView.js';
import { SupervisorView } from './views/SupervisorView.js';
import { WrapUpView } from './views/WrapUpView.js';
import { Progress } from '../ui/Progress.js';
import { useT } from './ConsoleContext.js';
import { useQueueAlerts } from './views/queue-alerts.js';

function Body() {
  const t = useT();
  const { phase, tab } = useConsoleState();
  switch (phase) {
    case 'signed-out':
      return null;
    case 'connecting':
      return <Progress label={t('login.signingIn')} testId="console-connecting" />;
    case 'ready':
      if (tab === 'counter') return <CounterView />;
      if (tab === 'fleet') return <FleetTab />;
      if (tab === 'follow-ups') return <FollowUpsView />;
      if (tab === 'knowledge') return <KnowledgeView />;
      if (tab === 'analytics') return <AnalyticsView />;
      if (tab === 'recommendations') return <RecommendationsView />;
      if (tab === 'accounts') return <StaffAccountsView />;
      return tab === 'supervisor' ? <SupervisorView /> : <QueueView />;
    case 'in-call':
      return <CallView />;
    case 'wrap-up':
      return <WrapUpView />;
  }
}

export function ConsoleApp() {
  const { phase, queue, expertState } = useConsoleState();
  const t = useT();
  useQueueAlerts({ entries: phase === 'signed-out' ? [] : queue.entries, listening: phase === 'ready' && expertState === 'available', t });
  if (phase === 'signed-out') return <LoginView />;
  return (
    <div className="console" data-phase={phase}>
      <ConsoleHeader />
      <main className="console-main">
        <Body />
      </main>
    </div>
  );
}
