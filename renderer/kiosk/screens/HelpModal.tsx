// Video help placeholder. Pressing Help already asked the host (help.request) so staff can
// be alerted once the assist client exists; until then the customer is told plainly that
// video help is coming soon and to ask staff.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Modal } from '../../ui/Modal.js';
import { Progress } from '../../ui/Progress.js';
import type { HelpState } from '../session/session.js';

export function HelpModal({ help, onClose }: { help: Exclude<HelpState, { kind: 'closed' }>; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('help.title')}
      testId="help-modal"
      actions={
        <BigButton huge variant="secondary" icon={<Icon name="back" />} onClick={onClose}>
          {t('help.back')}
        </BigButton>
      }
    >
      {help.kind === 'contacting' ? <Progress label={t('help.contacting')} /> : <p role="status">{t('help.comingSoon')}</p>}
    </Modal>
  );
}
