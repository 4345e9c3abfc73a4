// The first admin. Either from the environment at hub start (HUB_SEED_ADMIN_USERNAME,
// HUB_SEED_ADMIN_PASSWORD, HUB_SEED_ADMIN_TOTP_SECRET — the operator picks the TOTP secret,
// so the hub never has to print one), or with the CLI `create-admin.node.ts`, which makes a
// secret and prints it once. Seeding does nothing when an admin already exists. The first
// account must be able to answer someone on a fresh install, so it speaks both kiosk
// languages and takes every topic (an admin narrows them later in staff management).
import { z } from 'zod';
import { languageSchema, topicSchema } from '../../../protocol/assist-values.js';
import { usernameSchema, passwordSchema } from '../../../protocol/staff-api.js';
import type { CreatedStaff, StaffAuth } from './staff-auth.node.js';

export const seedEnvSchema = z.object({
  HUB_SEED_ADMIN_USERNAME: usernameSchema,
  HUB_SEED_ADMIN_PASSWORD: passwordSchema,
  HUB_SEED_ADMIN_TOTP_SECRET: z.string().regex(/^[A-Z2-7]{16,}=*$/, 'must be base32, at least 16 characters'),
  HUB_SEED_ADMIN_DISPLAY_NAME: z.string().min(1).max(80).default('Administrator'),
});

export type SeedOutcome = 'not-configured' | 'admin-exists' | 'created';

export async function seedAdmin(auth: StaffAuth, seed: { username: string; password: string; totpSecret: string; displayName: string }): Promise<SeedOutcome> {
  if ((await auth.countAdmins()) > 0) return 'admin-exists';
  const created: CreatedStaff | null = await auth.insert(
    { staffId: globalThis.crypto.randomUUID(), username: seed.username, displayName: seed.displayName, role: 'admin', languages: [...languageSchema.options], topics: [...topicSchema.options] },
    seed.password,
    seed.totpSecret,
  );
  if (!created) throw new Error(`cannot seed admin: username ${seed.username} is taken by a non-admin account`);
  return 'created';
}

/** Reads the seed variables; throws when some but not all are set, or they are invalid. */
export async function seedAdminFromEnv(auth: StaffAuth, env: Record<string, string | undefined>): Promise<SeedOutcome> {
  if (!env.HUB_SEED_ADMIN_USERNAME) return 'not-configured';
  const parsed = seedEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`admin seed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { HUB_SEED_ADMIN_USERNAME: username, HUB_SEED_ADMIN_PASSWORD: password, HUB_SEED_ADMIN_TOTP_SECRET: totpSecret } = parsed.data;
  return seedAdmin(auth, { username, password, totpSecret, displayName: parsed.data.HUB_SEED_ADMIN_DISPLAY_NAME });
}
