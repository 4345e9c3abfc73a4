// Device health and the device tests, each with its last verdict (who, when, why). Host tests
// run in the host; camera, microphone and TURN run here and are reported to the host.
import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DeviceTest, ServiceOverview, TestResult } from '../../../electron/bridge/service-contract.js';
import { hostTestSchema } from '../../../electron/bridge/service-contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { BigButton } from '../../ui/BigButton.js';
import { Progress } from '../../ui/Progress.js';
import { reasonKey } from './device-reasons.js';
import { mediaTest, turnTest, type PageVerdict } from './page-tests.js';
import type { Guard } from './session-calls.js';

const waitHint = { card: 'service.tests.waitCard', id: 'service.tests.waitId', scan: 'service.tests.waitScan' } as const;
const isHostTest = (t: DeviceTest) => (hostTestSchema.options as readonly string[]).includes(t);

/** A device reason the customer screens already translate is shown in words, with its code. */
function reasonText(t: TFunction, code: string): string {
  const key = reasonKey(code);
  return key === 'other' ? t('service.tests.reason', { reason: code }) : t('service.tests.reasonKnown', { reason: t(`outOfService.reasons.${key}`), code });
}

function LastResult({ last }: { last: TestResult | null }) {
  const { t, i18n } = useTranslation();
  if (!last) return <span className="service-test__last">{t('service.tests.never')}</span>;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(last.at));
  return (
    <span className="service-test__last">
      <span className={`service-badge service-badge--${last.outcome}`}>{t(`service.tests.${last.outcome}`)}</span> {t('service.tests.lastRun', { when, technician: last.technician })}
      {last.reason && <span className="service-test__reason"> {reasonText(t, last.reason)}</span>}
    </span>
  );
}

export function TestsPanel({ sessionId, guard }: { sessionId: string; guard: Guard }) {
  const { t } = useTranslation();
  const client = useBridge();
  const [overview, setOverview] = useState<ServiceOverview | null>(null);
  const [running, setRunning] = useState<DeviceTest | null>(null);

  const load = useCallback(() => {
    guard(() => client.request('serviceMode.overview', { sessionId }))
      .then(setOverview)
      .catch(() => undefined);
  }, [client, guard, sessionId]);
  useEffect(load, [load]);

  const pageVerdict = async (test: Exclude<DeviceTest, 'print' | 'card' | 'id' | 'scan' | 'hub'>): Promise<PageVerdict> => {
    const media = { getUserMedia: (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c) };
    if (test !== 'turn') return mediaTest(test, media);
    const servers = await guard(() => client.request('serviceMode.iceServers', { sessionId }));
    if (!servers.ok) return { passed: false, reason: servers.reason };
    return turnTest(servers.iceServers, (config) => new RTCPeerConnection(config));
  };

  const run = async (test: DeviceTest) => {
    setRunning(test);
    const started = performance.now();
    try {
      if (isHostTest(test)) await guard(() => client.request('serviceMode.runTest', { sessionId, test: test as 'print' }));
      else {
        const verdict = await pageVerdict(test as 'camera');
        const durationMs = Math.min(600_000, Math.round(performance.now() - started));
        await guard(() => client.request('serviceMode.reportTest', { sessionId, test: test as 'camera', passed: verdict.passed, reason: verdict.reason, durationMs }));
      }
    } catch {
      // The row keeps its previous verdict; a lost session already left service mode.
    } finally {
      setRunning(null);
      load();
    }
  };

  if (!overview) return <Progress label={t('service.logs.loading')} />;
  return (
    <div className="service-tests" data-testid="service-tests">
      <p className="service-line" data-testid="service-kiosk-line">
        {t('service.kioskLine', { kioskId: overview.kioskId, version: overview.version, technician: overview.technician })}
      </p>
      <h2>{t('service.devices.title')}</h2>
      <ul className="service-devices">
        {overview.devices.map((d) => (
          <li key={d.role} data-testid={`device-${d.role}`}>
            <strong>{d.role}</strong> {t(`service.devices.state.${d.state as 'ready'}`, { defaultValue: d.state })}
            {d.reason ? ` (${d.reason})` : ''}
          </li>
        ))}
      </ul>
      {overview.pinKey !== undefined ? (
        <p className="service-line" data-testid="service-pin-key">
          {overview.pinKey ? t('service.pinKeyLine', { keyId: overview.pinKey.keyId, kcv: overview.pinKey.kcv }) : t('service.pinKeyDefault')}
        </p>
      ) : null}
      <ul className="service-test-list">
        {overview.tests.map(({ test, role, last }) => (
          <li key={test} className="service-test" data-testid={`test-${test}`}>
            <span className="service-test__name">
              {t(`service.tests.names.${test}`)}
              {role ? ` · ${role}` : ''}
            </span>
            {running === test ? (
              <span className="service-test__running" role="status">
                {test in waitHint ? t(waitHint[test as keyof typeof waitHint]) : t('service.tests.running')}
              </span>
            ) : (
              <LastResult last={last} />
            )}
            {running === test && test in waitHint ? (
              <BigButton variant="secondary" onClick={() => void guard(() => client.request('serviceMode.cancelTest', { sessionId })).catch(() => undefined)} data-testid={`cancel-${test}`}>
                {t('service.cancel')}
              </BigButton>
            ) : (
              <BigButton disabled={running !== null} onClick={() => void run(test)} data-testid={`run-${test}`}>
                {t('service.tests.run')}
              </BigButton>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
