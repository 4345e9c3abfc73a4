// The hub side of the fleet benchmark, in its own process (pinned to one core when taskset
// exists): the production hub — startHub, every route, kiosk authentication on, info logs to a
// file — on the test PostgreSQL in the schema the benchmark made (search_path, as the hub's
// PostgreSQL tests do). The first admin comes from HUB_SEED_ADMIN_* in the environment, as an
// operator seeds one.
// IPC:  → {type:'ready', url}   ← {type:'kiosks', ids} → {type:'credentials', credentials}
//       ← {type:'stats'} → {type:'stats', cpu, rss}   ← {type:'stop'}
import { pino } from 'pino';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { startHub } from '../../hub/start-hub.node.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { branchOf } from '../hub-capacity/kiosk-fleet.js';

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
  secretKey: 'aGVsbG8taHViLWZsZWV0LWJlbmNobWFyay1rZXktMDE=',
  // Every simulated kiosk comes from 127.0.0.1; a branch's load balancer looks the same.
  limits: { maxSocketsPerAddress: 0, maxConnections: 100_000 },
  // The default sweep (15 s) and offline threshold (150 s), as in production.
  fleet: {},
});

async function enroll(ids: readonly string[]): Promise<KioskCredentials[]> {
  const out: KioskCredentials[] = [];
  for (const id of ids) out.push(await enrollLocalKiosk(hub, id, { branchId: branchOf(id) }));
  return out;
}

process.on('message', (message: { type: string; ids?: string[] }) => {
  if (message.type === 'kiosks') void enroll(message.ids ?? []).then((credentials) => process.send?.({ type: 'credentials', credentials }));
  if (message.type === 'stats') process.send?.({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
  // process.exit after close: a --cpu-prof run writes its profile on the way out.
  if (message.type === 'stop') void hub.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: hub.url });
