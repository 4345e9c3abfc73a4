// The call, docked beside (landscape) or below (portrait) the customer's screen so the expert
// can point at its controls: the expert's video, the customer's own preview small, the state
// of the connection in words, Mute and End as large buttons, what the expert pushed, and the
// chat. Laid out so that nothing the expert sends can land out of sight: the cards sit in
// their own band above the chat, the chat log scrolls to its newest line, the message box and
// Send stay pinned at the bottom, and every arrival is announced (tone and read aloud).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { callOf } from '../../../electron/bridge/assist-call.js';
import type { Locale } from '../../../electron/bridge/contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import { useSessionContext } from '../session/SessionContext.js';
import { useAssist } from './AssistContext.js';
import { useAnnounce } from './call-announce.js';
import * as features from './call-features.js';
import { AuthorizationCard, FormCard, IdScanCard } from './CallCards.js';
import { ChatPanel } from './ChatPanel.js';
import type { CallView } from './call-view.js';
import { VideoView } from './VideoView.js';

type Arrival = Parameters<Parameters<typeof useAnnounce>[2]>[0];

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
      {view.expertMuted && (
        <Notice tone="warning" testId="assist-expert-muted">
          {t('assist.expertMuted', { name: view.expertName })}
        </Notice>
      )}
      {view.muted && (
        <Notice tone="banner" testId="assist-self-muted">
          {t('assist.youAreMuted')}
        </Notice>
      )}
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
  const { locale } = useSessionContext().state;
  const view = snapshot.call;
  const expertName = view?.expertName ?? '';
  const say = useCallback(
    (item: Arrival) =>
      item.kind === 'chat'
        ? t('assist.newMessage', { name: expertName, text: item.text })
        : item.kind === 'form'
          ? `${t('assist.form.title')} ${item.text}`
          : t('assist.idScan.title', { document: t(item.text === 'passport' ? 'assist.idScan.passport' : 'assist.idScan.idCard') }),
    [t, expertName],
  );
  if (!view || !callOf(snapshot.status.state) || !manager.activeCall) return null;
  return <CallPanelBody view={view} say={say} locale={locale} />;
}

function CallPanelBody({ view, say, locale }: { view: CallView; say: (item: Arrival) => string; locale: Locale }) {
  const { t } = useTranslation();
  const { snapshot, manager } = useAssist();
  useAnnounce(view, locale, say);
  const controller = manager.activeCall;
  if (!controller) return null;
  const ctx = controller.ctx;
  const connected = view.link === 'connected';
  const remoteVideo = (view.remoteStream?.getVideoTracks().length ?? 0) > 0;
  const name = view.expertName;
  const cards = view.authorization !== null || view.form !== null || view.idScan !== null;

  return (
    <aside className="call" data-read-aloud-root data-testid="assist-call" data-link={view.link} aria-label={t('assist.title')}>
      <div className="call__top">
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
        <div className="call__side">
          <p className="call__who">{connected ? t('assist.withExpert', { name }) : t('assist.connecting', { name })}</p>
          <LinkNotices view={view} signalingLost={snapshot.status.state.phase === 'reconnecting'} />
        </div>
        {/* Mute and End stay in view whatever the expert pushes. */}
        <div className="call__controls">
          <BigButton variant="secondary" aria-pressed={view.muted} disabled={view.media !== 'video' && view.media !== 'audio'} onClick={() => controller.toggleMute()} data-testid="assist-mute">
            {view.muted ? t('assist.unmute') : t('assist.mute')}
          </BigButton>
          <BigButton huge className="call__end" onClick={() => manager.end()} data-testid="assist-end">
            {t('assist.end')}
          </BigButton>
          <ReadAloudButton />
        </div>
      </div>
      {cards && (
        <div className="call__cards">
          {view.authorization && <AuthorizationCard authorization={view.authorization} />}
          {view.form && <FormCard form={view.form} onAnswer={(confirmed) => features.answerForm(ctx, confirmed)} />}
          {view.idScan && <IdScanCard scan={view.idScan} onDecline={() => features.declineIdScan(ctx)} onClose={() => features.closeIdScan(ctx)} />}
        </div>
      )}
      <ChatPanel chat={view.chat} canSend={connected} onSend={(text) => features.sendChat(ctx, text)} locale={locale} quickReplies={!cards} cardId={view.form?.formId ?? view.idScan?.scanId ?? view.authorization?.decisionId ?? null} />
    </aside>
  );
}
