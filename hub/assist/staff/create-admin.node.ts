// The first admin from the command line, for hubs started without HUB_SEED_ADMIN_*:
//   HUB_SEED_ADMIN_PASSWORD='…' npx tsx hub/assist/staff/create-admin.node.ts <username> [display name]
// Uses DATABASE_URL, or the embedded database in HUB_DATA_DIR (default .data/hub; stop the
// hub first, PGlite allows one process). Prints the TOTP secret once, for the authenticator
// app; it is not shown again. Does nothing when an admin exists.
import { pino } from 'pino';
import { loadHubSecretKey } from '../../auth/hub-secret-key.node.js';
import { DEFAULT_DATA_DIR } from '../../start-hub.node.js';
import { openDatabase } from '../../storage/open-database.node.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist-config.js';
import { systemClock } from '../clock.js';
import { passwordSchema, usernameSchema } from '../../../protocol/staff-api.js';
import { sealPlaintextTotpSecrets } from './seal-totp-secrets.node.js';
import { seedAdmin } from './seed-admin.node.js';
import { StaffAuth } from './staff-auth.node.js';
import { createAssistStore } from '../storage/assist-store.js';
import { newTotpSecret, otpauthUri } from './totp.js';

const [username, ...nameParts] = process.argv.slice(2);
const password = process.env.HUB_SEED_ADMIN_PASSWORD ?? '';
if (!usernameSchema.safeParse(username).success || !passwordSchema.safeParse(password).success) {
  console.error('usage: HUB_SEED_ADMIN_PASSWORD=<12+ characters> create-admin.node.ts <username: a-z 0-9 . _ -> [display name]');
  process.exit(2);
}
const dataDir = process.env.HUB_DATA_DIR || DEFAULT_DATA_DIR;
const logger = pino({ level: 'warn' });
const db = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL || undefined, logger });
try {
  await createAssistStore(db); // brings the schema up to date
  // The hub's own key (HUB_SECRET_KEY or the data directory's key file), so the hub can open what this seals.
  const secretKey = await loadHubSecretKey({ envKey: process.env.HUB_SECRET_KEY, dataDir });
  await sealPlaintextTotpSecrets(db, secretKey, logger);
  const auth = new StaffAuth({ db, clock: systemClock, sessionTtlSec: DEFAULT_ASSIST_CONFIG.staffSessionTtlSec, idleSec: DEFAULT_ASSIST_CONFIG.staffIdleSec, secretKey });
  const totpSecret = newTotpSecret();
  const outcome = await seedAdmin(auth, { username: username!, password, totpSecret, displayName: nameParts.join(' ') || 'Administrator' });
  if (outcome === 'admin-exists') {
    console.log('An admin exists already; nothing was created. Admins create further accounts with POST /v1/staff/users.');
  } else {
    console.log(`Admin ${username} created. Add this to an authenticator app now; it is not shown again:`);
    console.log(`  secret: ${totpSecret}`);
    console.log(`  uri:    ${otpauthUri(totpSecret, username!)}`);
  }
} finally {
  await db.close();
}
