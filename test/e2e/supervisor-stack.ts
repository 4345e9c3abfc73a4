// A stack (hub + kiosk host + page) with a seeded admin and a supervisor the admin created the
// way an admin does (staff API), plus signing a supervisor into the console in Chromium: the
// set-up of every e2e test that works in the console's supervisor tabs (fleet, follow-ups).
import type { Page } from 'playwright-core';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { startStack, type Stack } from './stack.js';

export interface StaffAccount {
  username: string;
  password: string;
  totpSecret: string;
}

export interface SupervisorStack {
  stack: Stack;
  adminToken: string;
  supervisor: StaffAccount;
  /** A JSON request to the hub; throws with the status and body unless it answers 2xx. */
  hubRequest(method: 'POST' | 'PUT', url: string, body: unknown, token?: string): Promise<unknown>;
}

/** `host`: more of the kiosk's configuration (its devices, for a journey that needs them). */
export async function startStackWithSupervisor(kioskId: string, who: { username: string; displayName: string; role?: 'supervisor' | 'operations' }, host: Parameters<typeof startStack>[0] = {}): Promise<SupervisorStack> {
  const admin: StaffAccount = { username: 'admin', password: `admin passphrase for ${kioskId}`, totpSecret: newTotpSecret() };
  // The hub seeds its first admin from these at start; they must not leak into later stacks.
  const seed = { HUB_SEED_ADMIN_USERNAME: admin.username, HUB_SEED_ADMIN_PASSWORD: admin.password, HUB_SEED_ADMIN_TOTP_SECRET: admin.totpSecret };
  Object.assign(process.env, seed);
  let stack: Stack;
  try {
    stack = await startStack({ ...host, kioskId });
  } finally {
    for (const key of Object.keys(seed)) delete process.env[key];
  }
  const hubRequest = async (method: 'POST' | 'PUT', url: string, body: unknown, token?: string): Promise<unknown> => {
    const res = await fetch(`${stack.hub.hub.url}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const login = staffLoginResponseSchema.parse(await hubRequest('POST', ASSIST_PATHS.staffLogin, { username: admin.username, password: admin.password, totp: await freshTotpCode(admin) }));
  const password = `supervisor passphrase ${kioskId}`;
  const created = createStaffResponseSchema.parse(
    await hubRequest('POST', ASSIST_PATHS.staffUsers, { username: who.username, displayName: who.displayName, role: who.role ?? 'supervisor', password, ...(who.role === 'operations' ? {} : { languages: ['zh-CN', 'en'], topics: ['accounts'] }) }, login.token),
  );
  return { stack, adminToken: login.token, supervisor: { username: who.username, password, totpSecret: created.totpSecret }, hubRequest };
}

const TOTP_STEP_MS = 30_000;
/**
 * The last authenticator step used per account (by its secret: files share this module, and
 * each file's hub has its own 'admin'): the hub refuses a code whose step was used.
 */
const usedSteps = new Map<string, number>();

/**
 * A code for `username` the hub has not seen: the current step, or the next one (the hub
 * accepts one step of drift) when the current one was used; waits when both were.
 */
export async function freshTotpCode(account: StaffAccount): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / TOTP_STEP_MS);
    const next = (usedSteps.get(account.totpSecret) ?? -1) + 1;
    if (next <= step + 1) {
      const use = Math.max(next, step);
      usedSteps.set(account.totpSecret, use);
      return totpCode(account.totpSecret, use === step ? Date.now() : use * TOTP_STEP_MS + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * TOTP_STEP_MS - Date.now() + 50));
  }
}

/** Signs `account` into the console (English) on `page`. */
export async function signInToConsole(page: Page, hubUrl: string, account: StaffAccount): Promise<void> {
  await page.goto(`${hubUrl}/console/?lang=en`);
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-totp').fill(await freshTotpCode(account));
  await page.getByTestId('login-submit').click();
}
