// The hub side of the capacity benchmark, in its own process pinned to one core: the
// production hub (startHub: every route, kiosk authentication on, logging at info to a file
// as `HUB_LOG_FILE` would) on the PostgreSQL database the benchmark made for this run.
// IPC:  → {type:'ready', url}   ← {type:'kiosks', ids}   → {type:'credentials', credentials}
//       ← {type:'cpu'}   → {type:'cpu', usage} (process.cpuUsage(), for request-cpu.ts)
//       ← {type:'stats'} → {type:'stats', stats} (CPU and event-loop delay since the last ask)
//       ← {type:'stop'}
import { pino } from 'pino';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { startHub } from '../../hub/start-hub.node.js';
import { branchOf } from './kiosk-fleet.js';
import { watchProcess } from './process-stats.node.js';

const databaseUrl = process.env.BENCH_DATABASE_URL;
const logFile = process.env.BENCH_HUB_LOG;
const dataDir = process.env.BENCH_HUB_DATA_DIR;
if (!databaseUrl || !logFile || !dataDir) throw new Error('BENCH_DATABASE_URL, BENCH_HUB_LOG and BENCH_HUB_DATA_DIR are required');

const logger = pino({ level: 'info' }, pino.destination({ dest: logFile, sync: false }));
const hub = await startHub({
  port: 0,
  host: '127.0.0.1',
  databaseUrl,
  dataDir,
  logger,
  auth: { mode: 'on' },
  secretKey: 'aGVsbG8taHViLWNhcGFjaXR5LWJlbmNobWFyay1rZXk=',
  // Every simulated kiosk comes from 127.0.0.1; a branch's load balancer looks the same.
  limits: { maxSocketsPerAddress: 0, maxConnections: 100_000 },
});

async function enroll(ids: readonly string[]): Promise<KioskCredentials[]> {
  const out: KioskCredentials[] = [];
  for (const id of ids) out.push(await enrollLocalKiosk(hub, id, { branchId: branchOf(id) }));
  return out;
}

const watch = watchProcess();
process.on('message', (message: { type: string; ids?: string[] }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', stats: watch.take() });
  if (message.type === 'kiosks') void enroll(message.ids ?? []).then((credentials) => process.send?.({ type: 'credentials', credentials }));
  if (message.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
  if (message.type === 'stop') void hub.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: hub.url });
