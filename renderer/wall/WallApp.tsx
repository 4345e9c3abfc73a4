// The waiting room's wall display: a landscape TV read from across the room, in Chinese and
// English side by side (the room holds both audiences at once). It shows the numbers at the
// counters, the last calls and how many wait per service, and announces each new call with a
// chime and then speech in both languages. The host feeds it (wall.feed) and reconnects to the
// hub by itself; while the hub is away the board stays up, marked as possibly out of date.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BridgeConnection } from '../bridge/connect.js';
import type { WallFeed } from '../../electron/bridge/wall-contract.js';
import type { QueueService } from '../../electron/bridge/contract.js';
import type { CallEvent } from '../../protocol/branch-queue.js';
import { createKioskI18n } from '../i18n/i18n.js';
import { speakAfter } from '../kiosk/speech.js';
import { playTones } from '../ui/tone.js';
import { CallAnnouncer } from './announcer.js';

const zh = createKioskI18n('zh-CN').t;
const en = createKioskI18n('en').t;
// The chime comes first so heads turn before the number is said.
const CHIME_HZ = [784, 988, 1319] as const;
const CHIME_NOTE_SEC = 0.22;
const SPEECH_AFTER_CHIME_MS = 800;
const RECENT_SHOWN = 6;

function Both({ zhText, enText, className }: { zhText: string; enText: string; className?: string }) {
  return (
    <span className={className}>
      <span lang="zh-CN">{zhText}</span> <span lang="en" className="wall__en">{enText}</span>
    </span>
  );
}

function announce(call: CallEvent): void {
  playTones(CHIME_HZ, CHIME_NOTE_SEC);
  const key = call.kind === 'recalled' ? 'wall.announceAgain' : 'wall.announce';
  const vars = { number: call.number, counter: call.counterName };
  setTimeout(() => {
    speakAfter(zh(key, vars), 'zh-CN');
    speakAfter(en(key, vars), 'en');
  }, SPEECH_AFTER_CHIME_MS);
}

const waitText = (sec: number | null, t: typeof zh) => (sec === null ? t('wall.noCounter') : sec < 60 ? t('wall.waitShort') : t('wall.wait', { minutes: Math.ceil(sec / 60) }));

export function WallApp({ connection }: { connection: BridgeConnection }) {
  const [feed, setFeed] = useState<WallFeed>({ snapshot: null, connected: false });
  const [services, setServices] = useState<readonly QueueService[]>([]);
  const announcer = useRef(new CallAnnouncer());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (connection.kind !== 'connected') return;
    const { client } = connection;
    const apply = (next: WallFeed) => {
      if (next.snapshot) for (const call of announcer.current.take(next.snapshot)) announce(call);
      setFeed(next);
    };
    const off = client.on('wall.feed', apply);
    client.request('wall.feed', {}).then(apply, () => undefined);
    client.request('queue.services', {}).then(setServices, () => undefined);
    const clock = setInterval(() => setNow(Date.now()), 10_000);
    return () => {
      off();
      clearInterval(clock);
    };
  }, [connection]);

  const names = useMemo(() => new Map(services.map((s) => [s.id, s.name])), [services]);
  const serviceName = (id: string) => names.get(id) ?? { 'zh-CN': id, en: id };
  const snapshot = feed.snapshot;
  const atCounters = snapshot?.atCounters ?? [];
  const time = new Date(now).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });

  return (
    <main className="wall" data-testid="wall" data-connected={feed.connected}>
      <header className="wall__header">
        <h1 className="wall__title">
          <Both zhText={zh('wall.title')} enText={en('wall.title')} />
        </h1>
        <p className="wall__clock" aria-hidden="true">
          {time}
        </p>
      </header>
      {!feed.connected && (
        <p className="wall__stale" role="status" data-testid="wall-stale">
          <Both zhText={zh('wall.stale')} enText={en('wall.stale')} />
        </p>
      )}
      <section className="wall__now" aria-label={`${zh('wall.title')} ${en('wall.title')}`}>
        {atCounters.length === 0 ? (
          <p className="wall__none">
            <Both zhText={zh('wall.none')} enText={en('wall.none')} />
          </p>
        ) : (
          <table className="wall__board" data-testid="wall-board">
            <thead>
              <tr>
                <th scope="col">
                  <Both zhText={zh('wall.numberHeading')} enText={en('wall.numberHeading')} />
                </th>
                <th scope="col">
                  <Both zhText={zh('wall.counterHeading')} enText={en('wall.counterHeading')} />
                </th>
                <th scope="col">
                  <Both zhText={zh('wall.serviceHeading')} enText={en('wall.serviceHeading')} />
                </th>
              </tr>
            </thead>
            <tbody>
              {atCounters.map((ticket) => (
                <tr key={ticket.ticketId} data-testid={`wall-at-${ticket.number}`} data-state={ticket.state}>
                  <td className="wall__number">{ticket.number}</td>
                  <td className="wall__counter">{ticket.counterName}</td>
                  <td>
                    <Both zhText={serviceName(ticket.serviceId)['zh-CN']} enText={serviceName(ticket.serviceId).en} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="wall__recent" aria-labelledby="wall-recent-title">
        <h2 id="wall-recent-title" className="wall__subtitle">
          <Both zhText={zh('wall.recent')} enText={en('wall.recent')} />
        </h2>
        <ol className="wall__calls" data-testid="wall-recent">
          {(snapshot?.lastCalls ?? []).slice(0, RECENT_SHOWN).map((call) => (
            <li key={call.seq}>
              <span className="wall__call-number">{call.number}</span> → {call.counterName}
            </li>
          ))}
        </ol>
      </section>
      <section className="wall__waits" aria-labelledby="wall-waits-title">
        <h2 id="wall-waits-title" className="wall__subtitle">
          <Both zhText={zh('wall.waiting')} enText={en('wall.waiting')} />
        </h2>
        <ul className="wall__wait-list" data-testid="wall-waits">
          {(snapshot?.waits ?? []).map((w) => (
            <li key={w.serviceId} data-testid={`wall-wait-${w.serviceId}`}>
              <Both className="wall__wait-name" zhText={serviceName(w.serviceId)['zh-CN']} enText={serviceName(w.serviceId).en} />
              <Both className="wall__wait-count" zhText={zh('wall.waitingCount', { count: w.waiting })} enText={en('wall.waitingCount', { count: w.waiting })} />
              <Both className="wall__wait-time" zhText={waitText(w.estimatedWaitSec, zh)} enText={waitText(w.estimatedWaitSec, en)} />
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
