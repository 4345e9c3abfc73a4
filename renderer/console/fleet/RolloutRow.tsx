// One rollout: its release, whom it reaches, its install window and state, with pause or
// resume and a widen form (a higher share of the other kiosks, more branches). The hub
// refuses narrowing; the form says so instead of the hub's message.
import { useState } from 'react';
import type { Rollout } from '../../../protocol/software-updates.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorCodeOf } from '../api/staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import type { UpdatesApi } from './updates-client.js';
import { branchList, dateTime, rolloutPhase } from './updates-format.js';

export interface RolloutRowProps {
  rollout: Rollout;
  api: UpdatesApi | null;
  nowMs: number;
  onChanged: () => Promise<void>;
  onFailed: (error: unknown) => void;
}

export function RolloutRow({ rollout, api, nowMs, onChanged, onFailed }: RolloutRowProps) {
  const t = useT();
  const { locale } = useConsoleState();
  const [busy, setBusy] = useState(false);
  const [percentage, setPercentage] = useState(String(rollout.target.percentage));
  const [branches, setBranches] = useState('');
  const [problem, setProblem] = useState<'narrowing' | 'invalid' | null>(null);
  const phase = rolloutPhase(rollout, nowMs);
  const id = `rollout-${rollout.rolloutId.slice(0, 8)}`;

  const change = async (body: Parameters<UpdatesApi['changeRollout']>[1]) => {
    if (!api) return;
    setBusy(true);
    setProblem(null);
    try {
      await api.changeRollout(rollout.rolloutId, body);
      await onChanged();
    } catch (error) {
      if (errorCodeOf(error) === 'conflict') setProblem('narrowing');
      else onFailed(error);
    } finally {
      setBusy(false);
    }
  };

  const widen = () => {
    const share = Number(percentage);
    const added = branchList(branches);
    const valid = Number.isInteger(share) && share >= rollout.target.percentage && share <= 100 && added.every((b) => /^[A-Za-z0-9_-]{1,40}$/.test(b));
    if (!valid || (share === rollout.target.percentage && added.length === 0)) {
      setProblem('invalid');
      return;
    }
    void change({ ...(share !== rollout.target.percentage ? { percentage: share } : {}), ...(added.length > 0 ? { addBranches: added } : {}) }).then(() => setBranches(''));
  };

  return (
    <li className={`fleet-alert fleet-rollout fleet-rollout--${phase}`} data-testid="fleet-rollout" data-version={rollout.version} data-phase={phase}>
      <strong>{rollout.version}</strong>
      <span className={`fleet-badge fleet-badge--${phase === 'active' ? 'warning' : 'critical'}`} data-testid="fleet-rollout-state">
        {t(`fleet.updates.rollouts.state.${phase}`)}
      </span>
      <span data-testid="fleet-rollout-target">
        {t('fleet.updates.rollouts.target', { branches: rollout.target.branches.length > 0 ? rollout.target.branches.join(', ') : t('fleet.updates.rollouts.noBranches'), percentage: rollout.target.percentage })}
      </span>
      <span className="console-muted">
        {t('fleet.updates.rollouts.window', { from: rollout.window.from, to: rollout.window.to, zone: rollout.window.timeZone })} · {t('fleet.updates.rollouts.starts', { time: dateTime(rollout.startsAt, locale) })}
      </span>
      <div className="fleet-commands__buttons">
        <BigButton variant="secondary" disabled={busy || !api} onClick={() => void change({ paused: !rollout.paused })} data-testid={rollout.paused ? 'fleet-rollout-resume' : 'fleet-rollout-pause'}>
          {t(rollout.paused ? 'fleet.updates.rollouts.resume' : 'fleet.updates.rollouts.pause')}
        </BigButton>
        <label htmlFor={`${id}-share`}>{t('fleet.updates.rollouts.widenPercentage')}</label>
        <input id={`${id}-share`} type="number" min={rollout.target.percentage} max={100} value={percentage} onChange={(e) => setPercentage(e.target.value)} data-testid="fleet-rollout-percentage" />
        <label htmlFor={`${id}-branches`}>{t('fleet.updates.rollouts.widenBranches')}</label>
        <input id={`${id}-branches`} value={branches} onChange={(e) => setBranches(e.target.value)} data-testid="fleet-rollout-branches" />
        <BigButton variant="secondary" disabled={busy || !api} onClick={widen} data-testid="fleet-rollout-widen">
          {t('fleet.updates.rollouts.widen')}
        </BigButton>
      </div>
      {problem && (
        <Notice tone="warning" testId="fleet-rollout-problem">
          {t(problem === 'narrowing' ? 'fleet.updates.rollouts.narrowing' : 'fleet.updates.rollouts.widenInvalid')}
        </Notice>
      )}
    </li>
  );
}
