// The call, docked beside the customer's screen so the expert can point at its controls:
// the expert's video large, the customer's own preview small, the state of the connection
// in words, Mute and End as large buttons, what the expert pushed, and the chat.
import { useTranslation } from 'react-i18next';
import { callOf } from '../../../electron/bridge/assist-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { useAssist } from './AssistContext.js';
import * as features from './call-features.js';
import { AuthorizationCard, FormCard, IdScanCard } from './CallCards.js';
import { ChatPanel } from './ChatPanel.js';
import type { CallView } from './call-view.js';
import { VideoView } from './VideoView.js';

function LinkNotices({ view, signalingLost }: { view: CallView; signalingLost: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {(signalingLost || view.link === 'restarting' || view.link === 'rejoining') && (
        <Notice tone="warning" testId="assist-call-reconnecting">
          {signalingLost ? t('assist.reconnecting') : t('assist.restarting')}
        </Notice>
      )}
      {view.expertAway && <Notice tone="warning">{t('assist.expertAway')}</Notice>}
      {(view.media === 'audio' || view.media === 'none') && (
        <Notice tone="banner" testId="assist-audio-only">
          <span data-mode={view.media === 'audio' ? 'audio' : 'chat'}>{view.media === 'audio' ? t('assist.audioOnly') : t('assist.chatOnly')}</span>
        </Notice>
      )}
    </>
  );
}

export function CallPanel() {
  const { t } = useTranslation();
  const { snapshot, manager } = useAssist();
  const view = snapshot.call;
  const call = callOf(snapshot.status.state);
  const controller = manager.activeCall;
  if (!view || !call || !controller) return null;
  const ctx = controller.ctx;
  const connected = view.link === 'connected';
  const remoteVideo = (view.remoteStream?.getVideoTracks().length ?? 0) > 0;
  const name = view.expertName;

  return (
    <aside className="call" data-testid="assist-call" data-link={view.link} aria-label={t('assist.title')}>
      <div className="call__stage">
        <VideoView stream={view.remoteStream} testId="remote-video" label={name} />
        {!remoteVideo && (connected ? <p className="call__placeholder">{t('assist.expertVideoOff')}</p> : <div className="call__placeholder"><Progress label={t('assist.connecting', { name })} /></div>)}
        {/* Chat only: no camera, so no empty preview frame. */}
        {view.media !== 'none' && (
          <div className="call__pip">
            <VideoView stream={view.localStream} testId="local-video" label={t('assist.you')} own />
          </div>
        )}
      </div>
      <p className="call__who">{connected ? t('assist.withExpert', { name }) : t('assist.connecting', { name })}</p>
      <LinkNotices view={view} signalingLost={snapshot.status.state.phase === 'reconnecting'} />
      {/* Mute and End stay in view whatever the expert pushes; the rest scrolls below them. */}
      <div className="call__controls">
        <BigButton variant="secondary" aria-pressed={view.muted} disabled={view.media !== 'video' && view.media !== 'audio'} onClick={() => controller.toggleMute()} data-testid="assist-mute">
          {view.muted ? t('assist.unmute') : t('assist.mute')}
        </BigButton>
        <BigButton huge className="call__end" onClick={() => manager.end()} data-testid="assist-end">
          {t('assist.end')}
        </BigButton>
      </div>
      <div className="call__extras">
        {view.authorization && <AuthorizationCard authorization={view.authorization} />}
        {view.form && <FormCard form={view.form} onAnswer={(confirmed) => features.answerForm(ctx, confirmed)} />}
        {view.idScan && <IdScanCard scan={view.idScan} onDecline={() => features.declineIdScan(ctx)} onClose={() => features.closeIdScan(ctx)} />}
        <ChatPanel chat={view.chat} canSend={connected} onSend={(text) => features.sendChat(ctx, text)} />
      </div>
    </aside>
  );
}
