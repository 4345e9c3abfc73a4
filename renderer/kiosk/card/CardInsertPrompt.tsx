// The card step of every card + PIN journey: the reader is beside the screen, so a picture
// shows where; a chip card that was swiped is asked, in words and with the chip drawn, to be
// inserted. The journey supplies its own frame (title, step) and its own Cancel.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../ui/Notice.js';
import { DevicePicture } from './DevicePicture.js';

export function CardInsertPrompt({ insertChip, detail, cancel }: { insertChip: boolean; detail?: ReactNode; cancel: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      {insertChip && (
        <Notice tone="warning" testId="insert-chip-notice">
          {t('cardEntry.insertChip')}
        </Notice>
      )}
      <div className="device-prompt">
        <DevicePicture kind="card" />
        <div className="device-prompt__words">
          <p className="device-prompt__hint">{t('cardEntry.hint')}</p>
          {detail}
          {cancel}
        </div>
      </div>
    </>
  );
}
