// Issue 13, appointments end to end in Chromium against the real host and hub: a supervisor
// opens today's slots; a customer takes an ordinary ticket; another books a slot on the kiosk,
// whose simulated ESC/POS printer prints the slip with the check-in QR (read back from the
// printer's own bytes); the QR shown to the simulated scanner on Home checks in at the hub and
// gives an appointment ticket, which a teller's "call next" calls before the earlier ordinary
// one. The same QR again is refused on the Check in screen. Every new screen is checked with
// axe-core and photographed (screenshots/appointment-*.png) in portrait 中文 and landscape English.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BarcodeSimulator } from '../../drivers/barcode/simulator.node.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { ChinaIdSimulator } from '../../drivers/id/china/simulator.node.js';
import { SAMPLE_CARD } from '../../drivers/id/china/sim/sample-card.js';
import type { SimulatedJob } from '../../drivers/escpos/simulator.node.js';
import { APPOINTMENT_PATHS, checkInCodeSchema } from '../../protocol/appointments.js';
import { BRANCH_QUEUE_PATHS, counterActionResponseSchema, counterSchema, snapshotSchema } from '../../protocol/branch-queue.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { measureLayout } from './layout-measure.js';
import { expectAccessible, launchChromium, SCREENSHOTS, type Stack, startStack } from './stack.js';

const BRANCH = 'BR-APPT';
const admin = { username: 'appt-admin', password: randomBytes(12).toString('base64url'), totpSecret: newTotpSecret() };
const teller = { username: 'appt-teller', password: randomBytes(12).toString('base64url'), totpSecret: '' };
const simulated = { transport: { type: 'simulated' } } as const;
const viewports = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } } as const;

let stack: Stack;
let browser: Browser;
let adminToken: string;
/** One sign-in per test run: a TOTP code is accepted once. */
let tellerToken: string | undefined;
/** When the first opened slot starts: near midnight it falls on the kiosk's second day. */
let firstSlotAt: Date;

/** The index of the day button that holds the opened slots (Chromium and this process share the time zone). */
function slotDayButton(): string {
  const midnight = (at: Date) => new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime();
  const index = Math.round((midnight(firstSlotAt) - midnight(new Date())) / 86_400_000);
  return `appointment-day-${index}`;
}

const hubUrl = () => stack.hub.hub.url;
async function hub<T>(method: 'GET' | 'POST', url: string, body?: unknown, token = adminToken): Promise<T> {
  const res = await fetch(`${hubUrl()}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const login = (who: { username: string; password: string; totpSecret: string }) =>
  hub<{ token: string }>('POST', '/v1/staff/login', { username: who.username, password: who.password, totp: totpCode(who.totpSecret, Date.now()) }, '').then((r) => r.token);
const card = (): MsrSimulator => stack.host.devices.simulatorControls('card') as MsrSimulator;
// Demo data (hub/banking/README.md): 张伟's K1001 is a VIP customer's card, 李娜's K1002 is not.
const K1001 = { pan: '6222021000000000017', name: { surname: 'ZHANG', given: 'WEI' }, expiry: { year: 2030, month: 12 }, serviceCode: '201' };
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const idReader = () => (stack.host.devices.simulatorControls('idcard') as ChinaIdSimulator).reader;
const scanner = (): BarcodeSimulator => stack.host.devices.simulatorControls('scanner') as BarcodeSimulator;

/** The QR payload and the text of a printed job, as the printer itself decoded them. */
function printed(job: SimulatedJob): { qr: string[]; text: string } {
  const qr: string[] = [];
  let stored = '';
  for (const c of job.commands) {
    if (c.type === 'qr-store') stored = new TextDecoder().decode(c.data);
    else if (c.type === 'qr-print') qr.push(stored);
  }
  return { qr, text: job.text };
}

/** Photographed, axe-checked and measured: nothing cut off, nothing scrolls. */
async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `appointment-${name}.png`) });
  await expectAccessible(page, name);
  const layout = await measureLayout(page, '.screen', []);
  expect.soft(layout.cutOff, `${name}: controls cut off`).toEqual([]);
  expect.soft(layout.scrolls, `${name}: the page scrolls`).toBe(false);
}

async function startVisit(viewport: keyof typeof viewports, language: 'zh' | 'en'): Promise<Page> {
  const page = await browser.newPage({ viewport: viewports[viewport] });
  await page.goto(stack.page.url);
  await page.getByTestId('attract').click();
  await page.getByTestId(`language-${language}`).click();
  await page.getByTestId('home-screen').waitFor();
  return page;
}

async function waitingAtHub(): Promise<number> {
  const snapshot = snapshotSchema.parse(await hub('GET', BRANCH_QUEUE_PATHS.snapshot.replace(':branchId', BRANCH)));
  return snapshot.waits.reduce((sum, w) => sum + w.waiting, 0);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  process.env.HUB_SEED_ADMIN_USERNAME = admin.username;
  process.env.HUB_SEED_ADMIN_PASSWORD = admin.password;
  process.env.HUB_SEED_ADMIN_TOTP_SECRET = admin.totpSecret;
  try {
    stack = await startStack({
      kioskId: 'K41',
      ticketPrefix: '4',
      branchId: BRANCH,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-serial', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', ...simulated },
      ],
    });
  } finally {
    delete process.env.HUB_SEED_ADMIN_USERNAME;
    delete process.env.HUB_SEED_ADMIN_PASSWORD;
    delete process.env.HUB_SEED_ADMIN_TOTP_SECRET;
  }
  await vi.waitFor(() => expect(stack.host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  browser = await launchChromium();
  adminToken = await login(admin);
  const created = await hub<{ totpSecret: string }>('POST', '/v1/staff/users', { username: teller.username, displayName: 'Teller Wang', role: 'teller', password: teller.password });
  teller.totpSecret = created.totpSecret;
  // Today's slots from the next half hour (the check-in window opens an hour before a slot).
  const start = Math.ceil((Date.now() + 20 * 60_000) / 300_000) * 300_000;
  firstSlotAt = new Date(start);
  const slots = [0, 1, 2].map((i) => ({ serviceId: 'deposits', startsAt: new Date(start + i * 30 * 60_000).toISOString(), durationMin: 30, capacity: 2 }));
  await hub('POST', APPOINTMENT_PATHS.slots.replace(':branchId', BRANCH), { slots });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('issue 13: appointments in Chromium', () => {
  it('book on the kiosk → slip with QR → scan on Home → appointment ticket called before an earlier ordinary one', async () => {
    // An ordinary customer first.
    const first = await startVisit('landscape', 'en');
    await first.getByTestId('tile-queue').click();
    await first.getByTestId('service-deposits').click();
    const ordinary = (await first.getByTestId('ticket-number').innerText()).trim();
    await stack.sim.waitForJob();
    await first.close();

    // Booking, landscape English.
    const page = await startVisit('landscape', 'en');
    await screen(page, 'home-landscape-en');
    await page.getByTestId('tile-book-appointment').click();
    await page.getByTestId('appointment-book-service').waitFor();
    await screen(page, 'service-landscape-en');
    await page.getByTestId('appointment-service-deposits').click();
    await screen(page, 'day-landscape-en');
    await page.getByTestId(slotDayButton()).click();
    await page.getByTestId('appointment-time').first().waitFor();
    await screen(page, 'time-landscape-en');
    const chosen = (await page.getByTestId('appointment-time').first().innerText()).split('\n')[0]?.trim() ?? '';
    await page.getByTestId('appointment-time').first().click();
    await screen(page, 'phone-landscape-en');
    for (const digit of '13912345678') await page.getByTestId(`appointment-pad-${digit}`).click();
    await page.getByTestId('appointment-consent').check();
    await page.getByTestId('appointment-phone-next').click();
    await page.getByTestId('appointment-summary').waitFor();
    await screen(page, 'confirm-landscape-en');
    expect(await page.getByTestId('appointment-summary').innerText()).toContain('139****5678');
    await page.getByTestId('appointment-confirm').click();
    await page.getByTestId('appointment-take-slip').waitFor();
    await screen(page, 'booked-landscape-en');

    // The slip, as the printer decoded it: the QR is the check-in code; the time in both languages.
    const slip = printed(await stack.sim.waitForJob());
    expect(slip.qr).toHaveLength(1);
    const code = checkInCodeSchema.parse(slip.qr[0]);
    expect(slip.text).toContain('Appointment / 预约凭条');
    expect(slip.text).toContain(chosen);
    expect(slip.text).toContain('139****5678');
    expect(slip.text).toContain('On arrival, scan this QR code at the kiosk to check in');
    expect(slip.text).toContain('到达后请在自助终端扫描此二维码签到');
    expect(slip.text).not.toContain('13912345678');
    await page.getByTestId('appointment-done').click();
    // Booking is a journey: the satisfaction question, skipped here.
    await page.getByTestId('feedback-skip').click();
    await page.getByTestId('attract').waitFor();

    // On arrival: the QR under the scanner on Home checks in and prints an appointment ticket.
    await page.getByTestId('attract').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('home-screen').waitFor();
    await scanner().scan(code);
    await page.getByTestId('ticket-vip').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('ticket-vip').innerText()).toBe('Appointment');
    const appointment = (await page.getByTestId('ticket-number').innerText()).trim();
    await screen(page, 'ticket-landscape-en');
    expect((await stack.sim.waitForJob()).text).toContain('Appointment / 预约客户');
    await page.getByTestId('done-button').click();

    // Both tickets reach the branch queue; the teller calls the appointment first.
    await expect.poll(waitingAtHub, { timeout: 15_000 }).toBe(2);
    tellerToken ??= await login(teller);
    const counter = counterSchema.parse((await hub<{ counter: unknown }>('POST', BRANCH_QUEUE_PATHS.counters.replace(':branchId', BRANCH), { name: 'Counter 1', services: ['deposits'] })).counter);
    const act = (action: string) => hub('POST', BRANCH_QUEUE_PATHS.counterAction.replace(':counterId', counter.counterId).replace(':action', action), {}, tellerToken).then((r) => counterActionResponseSchema.parse(r));
    await act('open');
    expect((await act('call-next')).ticket).toMatchObject({ number: appointment, serviceClass: 'vip' });
    await act('serve');
    await act('finish');
    expect((await act('call-next')).ticket?.number).toBe(ordinary);

    // The hub's booking says which ticket it became.
    const bookings = await hub<{ bookings: { status: string; ticketId: string | null }[] }>(
      'GET',
      `${APPOINTMENT_PATHS.bookings.replace(':branchId', BRANCH)}?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 4 * 3_600_000).toISOString())}`,
    );
    expect(bookings.bookings.map((b) => b.status)).toEqual(['checked-in']);
    await page.close();

    // Portrait 中文: the Check in screen, and the same code again is refused with the reason.
    const zh = await startVisit('portrait', 'zh');
    await screen(zh, 'home-portrait-zh');
    await zh.getByTestId('tile-check-in').click();
    await zh.getByTestId('appointment-scan-prompt').waitFor();
    await screen(zh, 'check-in-portrait-zh');
    await scanner().scan(code);
    await zh.getByTestId('appointment-check-in-problem').waitFor({ timeout: 15_000 });
    expect(await zh.getByTestId('appointment-check-in-problem').innerText()).toBe('此预约已签到过。请留意叫号，或到柜台咨询。');
    await screen(zh, 'check-in-used-portrait-zh');
    await zh.getByTestId('appointment-take-normal-ticket').click();
    await zh.getByTestId('queue-choose-screen').waitFor();
    await zh.close();
  });

  it('portrait 中文 in large text: each booking screen fits and is accessible', async () => {
    const page = await startVisit('portrait', 'zh');
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('tile-book-appointment').click();
    await page.getByTestId('appointment-service-deposits').waitFor();
    await screen(page, 'service-portrait-zh-elder');
    await page.getByTestId('appointment-service-deposits').click();
    await screen(page, 'day-portrait-zh-elder');
    await page.getByTestId(slotDayButton()).click();
    await page.getByTestId('appointment-time').first().waitFor();
    await screen(page, 'time-portrait-zh-elder');
    await page.getByTestId('appointment-time').first().click();
    await screen(page, 'phone-portrait-zh-elder');
    await page.getByTestId('appointment-pad-1').click();
    await page.getByTestId('appointment-phone-next').click();
    await page.getByTestId('appointment-phone-problem').waitFor();
    await screen(page, 'phone-problem-portrait-zh-elder');
    await page.getByTestId('appointment-pad-clear').click();
    await page.getByTestId('appointment-phone-next').click();
    await screen(page, 'confirm-portrait-zh-elder');
    await page.getByTestId('appointment-confirm').click();
    await page.getByTestId('appointment-take-slip').waitFor();
    await screen(page, 'booked-portrait-zh-elder');
    const slip = printed(await stack.sim.waitForJob());
    expect(checkInCodeSchema.safeParse(slip.qr[0]).success).toBe(true);
    expect(slip.text).toContain('预约凭条 / Appointment');
    await page.close();
  });

  it('VIP by card: a swiped VIP card on the service list gives a VIP ticket; a standard card does not', async () => {
    const page = await startVisit('landscape', 'en');
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('recognition-card-hint').waitFor();
    await card().swipe(K1002);
    await expect.poll(() => page.getByTestId('recognition-result').innerText(), { timeout: 15_000 }).toContain('Please take your card and choose a service');
    await card().swipe(K1001);
    await expect.poll(() => page.getByTestId('recognition-result').innerText(), { timeout: 15_000 }).toContain('Welcome, VIP customer');
    await screen(page, 'vip-card-landscape-en');
    await page.getByTestId('service-deposits').click();
    expect(await page.getByTestId('ticket-vip').innerText()).toBe('VIP customer');
    const vip = (await page.getByTestId('ticket-number').innerText()).trim();
    expect((await stack.sim.waitForJob()).text).toContain('VIP customer / 贵宾客户');
    await page.getByTestId('done-button').click();
    const at = async () => snapshotSchema.parse(await hub('GET', BRANCH_QUEUE_PATHS.snapshot.replace(':branchId', BRANCH)));
    // The hub queues it as VIP: the next call at the open counter is this ticket.
    await expect.poll(async () => (await at()).waits.reduce((n, w) => n + w.waiting, 0), { timeout: 15_000 }).toBeGreaterThan(0);
    tellerToken ??= await login(teller);
    const counters = await hub<{ counters: unknown[] }>('GET', BRANCH_QUEUE_PATHS.counters.replace(':branchId', BRANCH));
    // Opened by the first test; opened here when this test runs alone.
    const counter = counterSchema.parse(
      counters.counters[0] ?? (await hub<{ counter: unknown }>('POST', BRANCH_QUEUE_PATHS.counters.replace(':branchId', BRANCH), { name: 'Counter 1', services: ['deposits'] })).counter,
    );
    const act = (action: string) => hub('POST', BRANCH_QUEUE_PATHS.counterAction.replace(':counterId', counter.counterId).replace(':action', action), {}, tellerToken).then((r) => counterActionResponseSchema.parse(r));
    if (!counter.open) await act('open');
    // The ordinary ticket called at the end of the first journey is served first.
    if (counter.currentTicketId) {
      await act('serve');
      await act('finish');
    }
    const called = await act('call-next');
    expect(called.ticket).toMatchObject({ number: vip, serviceClass: 'vip' });
    await page.close();

    // The next visit starts unrecognised.
    const next = await startVisit('portrait', 'zh');
    await next.getByTestId('tile-queue').click();
    await next.getByTestId('recognition-card-hint').waitFor();
    await screen(next, 'choose-service-portrait-zh');
    await next.getByTestId('service-deposits').click();
    await next.getByTestId('ticket-number').waitFor();
    expect(await next.getByTestId('ticket-vip').count()).toBe(0);
    await stack.sim.waitForJob();
    await next.close();
  });

  it('priority by age: an ID card of someone 63 changes nothing, one of someone 76 turns priority service on (portrait 中文)', async () => {
    const page = await startVisit('portrait', 'zh');
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('recognition-id-hint').waitFor();
    idReader().placeCard({ text: { ...SAMPLE_CARD, birth: '19630101', idNumber: '110105196301010027' } });
    await expect.poll(() => page.getByTestId('recognition-result').innerText(), { timeout: 20_000 }).toContain('按年龄优先从 65 岁开始');
    expect(await page.getByTestId('priority-toggle').getAttribute('aria-pressed')).toBe('false');
    // Lifted, then the next card (SAMPLE_CARD: born 1949-12-31); the driver reads a card once per placing.
    idReader().removeCard();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    idReader().placeCard({ text: SAMPLE_CARD });
    await expect.poll(() => page.getByTestId('recognition-result').innerText(), { timeout: 20_000 }).toContain('已为您开启优先服务');
    expect(await page.getByTestId('priority-toggle').getAttribute('aria-pressed')).toBe('true');
    await screen(page, 'id-priority-portrait-zh');
    await page.getByTestId('service-deposits').click();
    await page.getByTestId('ticket-priority').waitFor();
    expect((await stack.sim.waitForJob()).text).toContain('优先服务 / Priority service');
    // Nothing of the card in the page: not the number, not the name, not the birth date.
    const html = await page.content();
    for (const secret of [SAMPLE_CARD.idNumber, SAMPLE_CARD.name, '1949']) expect(html).not.toContain(secret);
    await page.close();
  });

  it("staff flag: a greeter in the console's counter view marks a waiting ticket VIP by its number (en)", async () => {
    const kiosk = await startVisit('landscape', 'en');
    await kiosk.getByTestId('tile-queue').click();
    await kiosk.getByTestId('service-loans').click();
    const number = (await kiosk.getByTestId('ticket-number').innerText()).trim();
    await stack.sim.waitForJob();
    await kiosk.close();
    const greeter = { username: 'appt-greeter', password: randomBytes(12).toString('base64url'), totpSecret: '' };
    greeter.totpSecret = (await hub<{ totpSecret: string }>('POST', '/v1/staff/users', { username: greeter.username, displayName: 'Greeter Zhao', role: 'teller', password: greeter.password })).totpSecret;
    await expect
      .poll(async () => snapshotSchema.parse(await hub('GET', BRANCH_QUEUE_PATHS.snapshot.replace(':branchId', BRANCH))).waits.find((w) => w.serviceId === 'loans')?.waiting ?? 0, { timeout: 15_000 })
      .toBe(1);

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${hubUrl()}/console/?lang=en&branch=${BRANCH}`);
    await page.getByTestId('login-username').fill(greeter.username);
    await page.getByTestId('login-password').fill(greeter.password);
    await page.getByTestId('login-totp').fill(totpCode(greeter.totpSecret, Date.now()));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('counter-view').waitFor();
    await page.getByTestId('counter-load').click();
    await page.getByTestId('counter-flag-number').fill(number);
    await page.getByTestId('counter-flag-class').selectOption('vip');
    await page.getByTestId('counter-flag-submit').click();
    await expect.poll(() => page.getByTestId('counter-flagged').innerText(), { timeout: 10_000 }).toBe(`${number} is now served as VIP.`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'appointment-console-flag-en.png') });
    await expectAccessible(page, 'console staff flag (en)');
    await page.getByTestId('counter-flag-number').fill('Z999');
    await page.getByTestId('counter-flag-submit').click();
    expect(await page.getByTestId('counter-flag-missing').innerText()).toBe('No ticket Z999 is waiting at this branch.');
    await page.close();
  });

  it('the Check in screen in landscape English: a code that is not ours says so', async () => {
    const page = await startVisit('landscape', 'en');
    await page.getByTestId('tile-check-in').click();
    await page.getByTestId('appointment-scan-prompt').waitFor();
    await screen(page, 'check-in-landscape-en');
    await scanner().scan('6901234567892');
    await page.getByTestId('appointment-check-in-problem').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('appointment-check-in-problem').innerText()).toBe('This is not an appointment QR code. Please scan the code on your appointment slip.');
    await screen(page, 'check-in-refused-landscape-en');
    await page.close();
  });
});

