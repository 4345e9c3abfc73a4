// Software updates in the Fleet tab: who runs what (versions per branch, kiosks that rolled
// back or failed named and marked), the releases with their hash and a form to publish one,
// the rollouts with pause, resume and widen, and a form to start one. Reloaded every few
// seconds and after each action, so kiosks reporting in show up without a click.
import { useMemo } from 'react';
import type { Release, Rollout, VersionsResponse } from '../../../protocol/software-updates.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import { clockTime } from '../views/format.js';
import { PublishForm, StartRolloutForm } from './UpdateForms.js';
import { RolloutRow } from './RolloutRow.js';
import type { UpdatesApi } from './updates-client.js';
import { dateTime, shortHash } from './updates-format.js';
import { Notice } from '../../ui/Notice.js';

const REFRESH_MS = 5_000;

export interface UpdatesData {
  releases: Release[];
  rollouts: Rollout[];
  versions: VersionsResponse;
  at: string;
}

function WhoRunsWhat({ versions }: { versions: VersionsResponse }) {
  const t = useT();
  const { locale } = useConsoleState();
  if (versions.branches.length === 0) return <p className="console-muted">{t('fleet.updates.versions.none')}</p>;
  return (
    <>
      {versions.branches.map((branch) => (
        <div key={branch.branchId ?? '?'} className="fleet-branch" data-testid="fleet-versions-branch" data-branch={branch.branchId ?? ''}>
          <h3 className="fleet-branch__title">{branch.branchId ? t('fleet.updates.versions.branch', { branch: branch.branchId }) : t('fleet.updates.versions.unknownBranch')}</h3>
          <table className="console-table fleet-versions">
            <thead>
              <tr>
                <th scope="col">{t('fleet.updates.versions.version')}</th>
                <th scope="col">{t('fleet.updates.versions.kiosks')}</th>
                <th scope="col">{t('fleet.updates.versions.rolledBack')}</th>
                <th scope="col">{t('fleet.updates.versions.failed')}</th>
              </tr>
            </thead>
            <tbody>
              {branch.versions.map((row) => {
                const trouble = row.rolledBack + row.failed > 0;
                return (
                  <tr key={row.version} className={trouble ? 'fleet-versions__trouble' : undefined} data-testid="fleet-version-row" data-version={row.version} data-trouble={trouble}>
                    <th scope="row">{row.version === 'unknown' ? t('fleet.updates.versions.unknownVersion') : row.version}</th>
                    <td data-testid="fleet-version-kiosks">{row.kiosks}</td>
                    <td data-testid="fleet-version-rolled-back">{row.rolledBack}</td>
                    <td data-testid="fleet-version-failed">{row.failed}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {branch.trouble.length > 0 && (
            <ul className="fleet-alerts" data-testid="fleet-version-trouble">
              {branch.trouble.map((kiosk) => (
                <li key={kiosk.kioskId} className="fleet-alert fleet-alert--critical" data-kiosk={kiosk.kioskId} data-state={kiosk.state}>
                  {t('fleet.updates.versions.trouble', {
                    kiosk: kiosk.kioskId,
                    state: t(`fleet.updates.versions.states.${kiosk.state}`),
                    reason: t(`fleet.updates.versions.reasons.${kiosk.reason ?? 'none'}`),
                    current: kiosk.currentVersion,
                    target: kiosk.targetVersion ?? '—',
                    time: dateTime(kiosk.reportedAt, locale),
                  })}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </>
  );
}

function ReleaseTable({ releases }: { releases: Release[] }) {
  const t = useT();
  const { locale } = useConsoleState();
  if (releases.length === 0) return <p className="console-muted">{t('fleet.updates.releases.none')}</p>;
  return (
    <table className="console-table" data-testid="fleet-releases">
      <thead>
        <tr>
          <th scope="col">{t('fleet.updates.releases.version')}</th>
          <th scope="col">{t('fleet.updates.releases.channel')}</th>
          <th scope="col">{t('fleet.updates.releases.published')}</th>
          <th scope="col">{t('fleet.updates.releases.hash')}</th>
        </tr>
      </thead>
      <tbody>
        {releases.map((release) => (
          <tr key={release.version} data-testid="fleet-release" data-version={release.version}>
            <th scope="row">{release.version}</th>
            <td>{t(`fleet.updates.releases.channels.${release.channel}`)}</td>
            <td>{t('fleet.updates.releases.publishedAt', { time: dateTime(release.createdAt, locale), who: release.createdByName ?? release.createdBy.slice(0, 8) })}</td>
            <td>
              <code title={release.sha512} data-testid="fleet-release-hash">
                {shortHash(release.sha512)}
              </code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UpdatesPanel({ api }: { api: UpdatesApi | null }) {
  const t = useT();
  const { locale } = useConsoleState();
  const load = useMemo(
    () =>
      api
        ? async (): Promise<UpdatesData> => {
            const [releases, rollouts, versions] = await Promise.all([api.releases(), api.rollouts(), api.versions()]);
            return { releases, rollouts, versions, at: new Date().toISOString() };
          }
        : null,
    [api],
  );
  const { data, error, refresh, failed } = useStaffResource(load, REFRESH_MS);
  return (
    <section className="console-panel" data-testid="fleet-updates" aria-labelledby="fleet-updates-title" data-loaded={data !== null}>
      <h1 id="fleet-updates-title" className="console-title">
        {t('fleet.updates.title')}
      </h1>
      {error && (
        <Notice tone="danger" testId="fleet-updates-error">
          {t(`fleet.errors.${error}`)}
        </Notice>
      )}
      {data && <p className="console-muted">{t('fleet.updates.updated', { time: clockTime(data.at, locale) })}</p>}

      <h2 className="console-subtitle">{t('fleet.updates.versions.title')}</h2>
      {data && <WhoRunsWhat versions={data.versions} />}

      <h2 className="console-subtitle">{t('fleet.updates.rollouts.title')}</h2>
      {data && data.rollouts.length === 0 && <p className="console-muted">{t('fleet.updates.rollouts.none')}</p>}
      {data && data.rollouts.length > 0 && (
        <ul className="fleet-alerts" data-testid="fleet-rollouts">
          {data.rollouts.map((rollout) => (
            <RolloutRow key={rollout.rolloutId} rollout={rollout} api={api} nowMs={Date.parse(data.at)} onChanged={refresh} onFailed={failed} />
          ))}
        </ul>
      )}
      {api && data && <StartRolloutForm api={api} releases={data.releases} onStarted={refresh} onFailed={failed} />}

      <h2 className="console-subtitle">{t('fleet.updates.releases.title')}</h2>
      {data && <ReleaseTable releases={data.releases} />}
      {api && <PublishForm api={api} onPublished={refresh} onFailed={failed} />}
    </section>
  );
}
