// The hub side of the signaling benchmark, in its own process (its own core): the
// remote-assistance routes as buildHub registers them, over an in-memory PGlite, with kiosk
// authentication ON as in production: each kiosk is enrolled (Ed25519 key) and signs its
// socket upgrade; a replayed or unsigned upgrade is refused. Talks to the benchmark over IPC:
//   → {type:'ready', url}   ← {type:'staff', count}   → {type:'tokens', tokens}
//   ← {type:'kiosks', ids}   → {type:'credentials', credentials}
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { DEFAULT_ASSIST_CONFIG } from '../../hub/assist/assist-config.js';
import { createAssist } from '../../hub/assist/assist-hub.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { signedUpgradeAuthenticator } from '../../hub/auth/signed-upgrade.node.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { createAuthStore } from '../../hub/storage/auth-store.js';
import { totpCode } from '../../hub/assist/staff/totp.js';
import { installErrorReplies } from '../../hub/routes/error-replies.js';
import { registerAssistRoutes } from '../../hub/routes/v1/assist.js';
import { IN_MEMORY, openPglite } from '../../hub/storage/pglite.node.js';

const logger = pino({ level: 'warn' });
const db = await openPglite(IN_MEMORY);
// Benchmark accounts: a token scrypt cost, so thousands of experts sign in within seconds.
const config = { ...DEFAULT_ASSIST_CONFIG, decisionSecret: 'benchmark-decision-secret' };
const authStore = await createAuthStore(db);
const assist = await createAssist({ db, config, logger, scryptCost: { N: 16, r: 1, p: 1 }, kioskAuthenticator: signedUpgradeAuthenticator(authStore) });
const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
installErrorReplies(app);
registerAssistRoutes(app, assist, { authMode: 'on' });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

let created = 0;
async function staffTokens(count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    created += 1;
    const password = `bench expert password ${created}`;
    const account = await assist.staffAuth.createStaff({
      username: `bench-${created}`, displayName: `Bench ${created}`, role: 'expert', password,
      languages: ['zh-CN', 'en'], topics: ['accounts', 'cards', 'loans', 'payments', 'other'],
    });
    if (!account) throw new Error('bench staff collided');
    const login = await assist.staffAuth.login({ username: account.staff.username, password, totp: totpCode(account.totpSecret, Date.now()) });
    if (!login) throw new Error('bench staff login failed');
    tokens.push(login.token);
  }
  return tokens;
}

async function kioskCredentials(ids: readonly string[]): Promise<KioskCredentials[]> {
  const out: KioskCredentials[] = [];
  for (const id of ids) out.push(await enrollLocalKiosk({ authStore }, id));
  return out;
}

process.on('message', (message: { type: string; count?: number; ids?: string[] }) => {
  if (message.type === 'staff') void staffTokens(message.count ?? 0).then((tokens) => process.send?.({ type: 'tokens', tokens }));
  if (message.type === 'kiosks') void kioskCredentials(message.ids ?? []).then((credentials) => process.send?.({ type: 'credentials', credentials }));
  if (message.type === 'stop') void app.close().then(() => db.close()).then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: `ws://127.0.0.1:${port}/v1/assist/ws` });
