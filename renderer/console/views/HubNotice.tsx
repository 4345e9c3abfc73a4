// A refusal from the hub (stable code → sentence), dismissible. Unknown codes show the
// hub's own message, so nothing is swallowed silently.
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import type { ConsoleKey } from '../i18n/console-i18n.js';

const KNOWN: Partial<Record<string, ConsoleKey>> = {
  NOT_AVAILABLE: 'hubErrors.NOT_AVAILABLE',
  UNKNOWN_REQUEST: 'hubErrors.UNKNOWN_REQUEST',
  NOT_ELIGIBLE: 'hubErrors.NOT_ELIGIBLE',
  ALREADY_DECIDED: 'hubErrors.ALREADY_DECIDED',
};

export function HubNotice() {
  const t = useT();
  const controller = useController();
  const { notice } = useConsoleState();
  if (!notice) return null;
  const key = KNOWN[notice.code];
  return (
    <div className="console-row">
      <Notice tone="danger" testId="hub-notice">
        {key ? t(key) : t('hubErrors.generic', { message: notice.message })}
      </Notice>
      <BigButton variant="quiet" onClick={() => controller.dismissNotice()}>
        {t('app.dismiss')}
      </BigButton>
    </div>
  );
}
