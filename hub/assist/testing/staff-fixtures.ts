// Staff accounts for tests, with a cheap scrypt cost so a suite can create dozens.
import { hubSecretKey, type HubSecretKey } from '../../auth/hub-secret-key.node.js';
import type { Clock } from '../clock.js';
import type { Language, StaffRole, Topic } from '../../../protocol/assist-values.js';
import type { ScryptCost } from '../staff/passwords.node.js';
import type { StaffAuth, StaffRecord } from '../staff/staff-auth.node.js';
import { totpCode } from '../staff/totp.js';

export const TEST_SCRYPT_COST: ScryptCost = { N: 1024, r: 8, p: 1 };
/** One key for every hub a test file starts on a shared database, as real instances share one. */
export const TEST_SECRET_KEY: HubSecretKey = hubSecretKey(Buffer.alloc(32, 7), 'env');

let counter = 0;

export interface TestStaff {
  staff: StaffRecord;
  password: string;
  totpSecret: string;
}

export async function createTestStaff(
  auth: StaffAuth,
  options: { role?: StaffRole; languages?: Language[]; topics?: Topic[]; displayName?: string } = {},
): Promise<TestStaff> {
  counter += 1;
  const password = `correct horse battery ${counter}`;
  const created = await auth.createStaff({
    username: `staff-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`,
    displayName: options.displayName ?? `Expert ${counter}`,
    role: options.role ?? 'expert',
    password,
    languages: options.languages ?? ['zh-CN', 'en'],
    topics: options.topics ?? ['accounts', 'cards', 'loans', 'payments', 'other'],
  });
  if (!created) throw new Error('test staff username collided');
  return { staff: created.staff, password, totpSecret: created.totpSecret };
}

/** Logs in with the code valid at the clock's time; each call must use a later TOTP step. */
export async function loginTestStaff(auth: StaffAuth, clock: Clock, who: TestStaff): Promise<string> {
  const result = await auth.login({ username: who.staff.username, password: who.password, totp: totpCode(who.totpSecret, clock.now()) });
  if (!result) throw new Error(`login of ${who.staff.username} failed`);
  return result.token;
}
