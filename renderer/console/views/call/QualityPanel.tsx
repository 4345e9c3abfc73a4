// Live call quality from getStats(): what the expert receives from the kiosk, and which
// route media takes (direct, through NAT, relayed), in words (journey-words.ts). The same
// samples go to the hub every 10 s.
import { useConsoleState, useT } from '../../ConsoleContext.js';
import { mediaRoute } from '../journey-words.js';

export function QualityPanel() {
  const t = useT();
  const { quality } = useConsoleState();
  const s = quality?.sample;
  const none = t('quality.none');
  const items: [string, string, string][] = [
    ['rtt', t('quality.rtt'), s ? `${s.rttMs} ms` : none],
    ['jitter', t('quality.jitter'), s ? `${s.jitterMs} ms` : none],
    ['loss', t('quality.loss'), s ? `${s.packetLossPct} %` : none],
    ['fps', t('quality.fps'), s?.fps !== undefined ? String(s.fps) : none],
    ['resolution', t('quality.resolution'), s?.width && s.height ? `${s.width}×${s.height}` : none],
    ['path', t('quality.path'), mediaRoute(t, quality?.localCandidateType ?? null, quality?.remoteCandidateType ?? null) ?? none],
  ];
  return (
    <section className="console-card" data-testid="quality-panel" aria-label={t('quality.title')}>
      <h2 className="console-subtitle">{t('quality.title')}</h2>
      <dl className="console-stats">
        {items.map(([id, label, value]) => (
          <div key={id} data-testid={`quality-${id}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
