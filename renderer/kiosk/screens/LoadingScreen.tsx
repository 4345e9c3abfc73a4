// What shows while a lazily loaded part of the kiosk (a journey, service mode) arrives.
import { useTranslation } from 'react-i18next';
import { Progress } from '../../ui/Progress.js';

export function LoadingScreen({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <main className="screen" data-testid={testId}>
      <Progress label={t('app.loading')} />
    </main>
  );
}
