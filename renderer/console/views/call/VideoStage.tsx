// The customer large, the expert's own camera small in a corner, and the call controls.
import { BigButton } from '../../../ui/BigButton.js';
import { Notice } from '../../../ui/Notice.js';
import { useConsoleState, useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';
import { StreamVideo } from './StreamVideo.js';

function MediaStatus({ call }: { call: CallView }) {
  const t = useT();
  const text =
    call.media === 'restarting' ? t('call.media.restarting', { count: call.iceRestarts }) : t(`call.media.${call.media}`);
  const tone = call.media === 'connected' ? 'banner' : call.media === 'failed' ? 'danger' : 'warning';
  return (
    <Notice tone={tone} testId="media-state">
      <span data-media={call.media} data-ice-restarts={call.iceRestarts}>
        {text}
      </span>
    </Notice>
  );
}

export function VideoStage({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const { streams, cameraError } = useConsoleState();
  return (
    <div className="console-stage">
      <div className="console-video">
        <StreamVideo stream={streams.remote} muted={false} testId="console-remote-video" label={t('call.customerVideo')} />
        {streams.remote && !call.remoteHasVideo && <p className="console-video__note">{t('call.audioOnly')}</p>}
        <div className="console-video__self">
          <StreamVideo stream={streams.local} muted testId="console-local-video" label={t('call.ownVideo')} />
        </div>
      </div>
      <MediaStatus call={call} />
      {call.kioskReconnecting && <Notice tone="warning">{t('call.peerReconnecting')}</Notice>}
      {call.kioskMuted && (
        <Notice tone="warning" testId="console-kiosk-muted">
          {t('call.kioskMuted')}
        </Notice>
      )}
      {call.muted && (
        <Notice tone="banner" testId="console-self-muted">
          {t('call.youAreMuted')}
        </Notice>
      )}
      {cameraError && <Notice tone="warning">{t('call.cameraError', { reason: cameraError })}</Notice>}
      <div className="console-row">
        <BigButton variant="secondary" aria-pressed={call.muted} data-testid="console-mute" onClick={() => controller.setMuted(!call.muted)}>
          {call.muted ? t('call.unmute') : t('call.mute')}
        </BigButton>
        <BigButton data-testid="console-end" onClick={() => controller.endCall()}>
          {t('call.end')}
        </BigButton>
      </div>
    </div>
  );
}
