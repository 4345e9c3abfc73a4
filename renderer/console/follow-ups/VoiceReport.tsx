// The customer-voice report under the cases: feedback by month, category and service with
// NPS, and the same as a CSV download (fetched with the staff token, saved by the browser).
import { useEffect, useState } from 'react';
import type { VoiceReportRow } from '../../../protocol/follow-ups.js';
import { BigButton } from '../../ui/BigButton.js';
import { useT } from '../ConsoleContext.js';
import type { FollowUpClient } from './follow-up-client.js';

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the blob to the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function VoiceReport({ client, version }: { client: FollowUpClient; version: number }) {
  const t = useT();
  const [rows, setRows] = useState<VoiceReportRow[] | null>(null);
  useEffect(() => {
    let live = true;
    client.report().then(
      (loaded) => live && setRows(loaded),
      () => live && setRows([]),
    );
    return () => {
      live = false;
    };
  }, [client, version]);

  return (
    <section className="voice-report" data-testid="voice-report" aria-labelledby="voice-report-title">
      <h2 id="voice-report-title">{t('followUps.report.title')}</h2>
      <BigButton variant="quiet" data-testid="voice-report-download" onClick={() => void client.reportCsv().then((blob) => saveBlob(blob, 'customer-voice.csv'), () => undefined)}>
        {t('followUps.report.download')}
      </BigButton>
      {rows && rows.length === 0 && <p>{t('followUps.report.empty')}</p>}
      {rows && rows.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{t('followUps.report.month')}</th>
              <th scope="col">{t('followUps.report.category')}</th>
              <th scope="col">{t('followUps.report.service')}</th>
              <th scope="col">{t('followUps.report.responses')}</th>
              <th scope="col">{t('followUps.report.nps')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.month}|${row.category}|${row.service}`} data-testid="voice-report-row">
                <td>{row.month}</td>
                <td>{t(`followUps.reason.${row.category}`)}</td>
                <td>{row.service}</td>
                <td>{row.count}</td>
                <td>{row.nps ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
