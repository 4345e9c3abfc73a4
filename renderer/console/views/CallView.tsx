// The call: video, controls and the chat on the left — the chat right under the video, so
// on a 1366×768 laptop it and Send are on screen without scrolling — the customer's context,
// the expert's tools and the call quality on the right.
import { ApplicationPanel } from '../application/ApplicationPanel.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { AuthorizationPanel } from './call/AuthorizationPanel.js';
import { ChatPanel } from './call/ChatPanel.js';
import { ContextPanel } from './call/ContextPanel.js';
import { IdPanel } from './call/IdPanel.js';
import { QualityPanel } from './call/QualityPanel.js';
import { ToolsPanel } from './call/ToolsPanel.js';
import { VideoStage } from './call/VideoStage.js';
import { HubNotice } from './HubNotice.js';
import './call/call.css';

export function CallView() {
  const t = useT();
  const { call } = useConsoleState();
  if (!call) return null;
  return (
    <section className="console-call" data-testid="call-view" data-session-id={call.sessionId} aria-labelledby="call-title">
      <div className="console-call__main">
        <h1 id="call-title" className="console-title">
          {t('call.title', { kiosk: call.request.kioskId })}
        </h1>
        <HubNotice />
        <VideoStage call={call} />
        <ChatPanel call={call} />
      </div>
      <div className="console-call__side">
        <ContextPanel call={call} />
        {/* An account opening's application, right above the Approve / Decline that decide it. */}
        <ApplicationPanel call={call} />
        <AuthorizationPanel call={call} />
        <IdPanel call={call} />
        <ToolsPanel call={call} />
        <QualityPanel />
      </div>
    </section>
  );
}
