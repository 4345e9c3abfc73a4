// @vitest-environment jsdom
// The balances-and-statements screens against a fake host: the page sends the customer's
// choices and renders whatever state the host sends, in the customer's language — balances
// from minor units, entries signed, the statement's pages, a pause with the page it resumes
// from — and says why a journey stopped. Progress shows for anything slower than 300 ms.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountServicesState, AccountServicesStatus } from '../../../electron/bridge/account-services-contract.js';
import type { FakeHandlers, FakeHost } from '../../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';

afterEach(() => {
  cleanup();
  resetDocument();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const cny = (minor: number) => ({ minor, currency: 'CNY' }) as const;
const current = { accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期储蓄', en: 'Current account' }, available: cny(1_234_567), ledger: cny(1_250_000) } as const;
const savings = { accountId: 'A1002', maskedNumber: '6222 **** **** 0002', kind: 'savings', name: { 'zh-CN': '定期储蓄', en: 'Savings' }, available: cny(50_000_00), ledger: cny(50_000_00) } as const;
const onCard = { maskedPan: '622202*********0017' };
const receiptNumber = 'AS-20261204-0007';
const balances: AccountServicesState = { phase: 'accounts', ...onCard, accounts: [current, savings], receiptNumber };
const period = { from: '2026-11-01', to: '2026-11-30' };
const entries = [
  { entryId: 'E3', bookedAt: '2026-12-03T10:15:00+08:00', description: '工资 Salary', amount: cny(800_000), balanceAfter: cny(1_234_567) },
  { entryId: 'E2', bookedAt: '2026-12-01T00:30:00+08:00', description: '水费 Water bill', amount: cny(-7_840), balanceAfter: cny(434_567) },
];

const devices: FakeHandlers['devices.list'] = () => [
  { role: 'receipt', kind: 'receipt-printer', state: 'ready', since: '2026-12-04T08:00:00Z' },
  { role: 'card', kind: 'card-reader', state: 'ready', since: '2026-12-04T08:00:00Z' },
  { role: 'pinpad', kind: 'pin-pad', state: 'ready', since: '2026-12-04T08:00:00Z' },
];

/** A host whose accounts journey the test moves by hand; every request answers the last state sent. */
function accountsHost(extra: FakeHandlers = {}) {
  let seq = 0;
  let state: AccountServicesState = { phase: 'idle' };
  const status = (): AccountServicesStatus => ({ seq, state });
  let host: FakeHost | null = null;
  const handlers: FakeHandlers = {
    'devices.list': devices,
    'accounts.start': () => {
      seq += 1;
      state = { phase: 'card', insertChip: false };
      return status();
    },
    'accounts.status': () => status(),
    'accounts.printBalances': () => status(),
    'accounts.showMiniStatement': () => status(),
    'accounts.printMiniStatement': () => status(),
    'accounts.chooseStatement': () => status(),
    'accounts.printStatement': () => status(),
    'accounts.resumePrint': () => status(),
    'accounts.backToAccounts': () => status(),
    'accounts.cancel': () => ({ cancelled: true, status: status() }),
    'accounts.finish': () => status(),
    ...extra,
  };
  return {
    handlers,
    attach: (h: FakeHost) => void (host = h),
    send(next: AccountServicesState) {
      seq += 1;
      state = next;
      act(() => host?.emit('accounts.state', status()));
    },
  };
}

async function openAccounts(language: 'zh' | 'en' = 'zh', extra: FakeHandlers = {}) {
  const user = userEvent.setup();
  const fake = accountsHost(extra);
  const view = renderKiosk(fake.handlers);
  fake.attach(view.host);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await waitFor(() => expect(screen.getByTestId('tile-statement').getAttribute('aria-disabled')).toBeNull());
  await user.click(screen.getByTestId('tile-statement'));
  await screen.findByTestId('accounts-card-screen');
  return { user, fake, ...view };
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('balances and statements screens', () => {
  it('starts from the Home tile: card (insert the chip after a swipe), PIN dots and tries left, step 1 of 4; Cancel goes Home', async () => {
    const { user, fake, host } = await openAccounts();
    expect(host.callsTo('accounts.start')).toEqual([{}]);
    expect(heading()).toBe('请插入银行卡');
    expect(screen.getByText('第 1 步，共 4 步')).toBeTruthy();
    expect(screen.getByTestId('picture-card')).toBeTruthy();
    expect(screen.queryByTestId('insert-chip-notice')).toBeNull();
    fake.send({ phase: 'card', insertChip: true });
    expect(screen.getByTestId('insert-chip-notice').textContent).toBe('您的卡带有芯片，请插入芯片，不要刷卡。');

    fake.send({ phase: 'pin', ...onCard, digits: 3, triesLeft: 2 });
    expect(heading()).toBe('请在密码键盘上输入密码');
    expect(screen.getByTestId('pin-digits').textContent).toBe('已输入位数：3');
    expect(screen.getByTestId('pin-dots').querySelectorAll('.pin-dots__dot--filled')).toHaveLength(3);
    expect(screen.getByTestId('pin-tries-left').textContent).toBe('密码错误，还可尝试 2 次');
    expect(screen.getByTestId('accounts-pin-screen').textContent).toContain('622202*********0017');
    fake.send({ phase: 'authorising', ...onCard });
    expect(screen.getByTestId('accounts-progress').textContent).toContain('正在向银行验证您的卡');
    fake.send({ phase: 'pin', ...onCard, digits: 0 });
    await user.click(screen.getByTestId('accounts-cancel'));
    expect(host.callsTo('accounts.cancel')).toEqual([{}]);
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
  });

  it('shows every account with masked number and both balances per language, reads them aloud on request, prints them', async () => {
    const spoken: { text: string; lang: string }[] = [];
    vi.stubGlobal('SpeechSynthesisUtterance', class {
      lang = '';
      voice: unknown = null;
      constructor(readonly text: string) {}
    });
    vi.stubGlobal('speechSynthesis', { cancel: () => undefined, speak: (u: { text: string; lang: string }) => spoken.push({ text: u.text, lang: u.lang }), getVoices: () => [{ lang: 'en-US', name: 'en' }, { lang: 'zh-CN', name: 'zh' }], addEventListener: () => undefined, removeEventListener: () => undefined });
    const { user, fake, host } = await openAccounts('en');
    fake.send(balances);
    expect(heading()).toBe('Your accounts');
    expect(screen.getByText('Step 2 of 4')).toBeTruthy();
    const card = within(screen.getByTestId('account-A1001'));
    expect(card.getByRole('heading', { level: 2 }).textContent).toBe('Current account');
    expect(card.getByText('Account 6222 **** **** 0001')).toBeTruthy();
    expect(screen.getByTestId('available-A1001').textContent).toBe('CN¥12,345.67');
    expect(screen.getByTestId('ledger-A1001').textContent).toBe('CN¥12,500.00');
    expect(screen.getByTestId('available-A1002').textContent).toBe('CN¥50,000.00');
    // The two per-account buttons say which account they are for.
    expect(screen.getByTestId('recent-A1002').getAttribute('aria-describedby')).toBe('account-name-A1002');

    await user.click(screen.getByTestId('read-balances'));
    expect(spoken).toEqual([
      {
        lang: 'en-US',
        text: 'Current account, account ending 0001: available balance CN¥12,345.67, ledger balance CN¥12,500.00. Savings, account ending 0002: available balance CN¥50,000.00, ledger balance CN¥50,000.00.',
      },
    ]);
    expect(spoken[0]?.text).not.toContain('*');

    await user.click(screen.getByTestId('print-balances'));
    expect(host.callsTo('accounts.printBalances')).toEqual([{ locale: 'en' }]);
    fake.send({ ...balances, receipt: 'printing' });
    expect(screen.getByTestId('slip-state').textContent).toContain('Printing your slip');
    expect(screen.queryByTestId('print-balances')).toBeNull();
    fake.send({ ...balances, receipt: 'not-printed', problem: 'hub-unreachable' });
    expect(screen.getByTestId('slip-state').textContent).toContain('could not be printed');
    expect(screen.getByTestId('accounts-problem').textContent).toContain('The bank cannot be reached right now');
  });

  it('writes the balances in Chinese and reads them in Chinese', async () => {
    const { fake } = await openAccounts('zh');
    fake.send(balances);
    expect(screen.getByTestId('available-A1001').textContent).toBe('¥12,345.67');
    expect(screen.getByTestId('account-A1001').textContent).toContain('可用余额');
    expect(screen.getByTestId('account-A1001').textContent).toContain('账面余额');
    expect(screen.getByTestId('account-A1001').textContent).toContain('账号 6222 **** **** 0001');
  });

  it('recent transactions: progress only after 300 ms, then date, description, signed amount in colour and balance; print; back to the balances', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, fake, host } = await openAccounts('en');
    fake.send(balances);
    await user.click(screen.getByTestId('recent-A1001'));
    expect(host.callsTo('accounts.showMiniStatement')).toEqual([{ accountId: 'A1001' }]);
    fake.send({ phase: 'loading', ...onCard, accountId: 'A1001', what: 'mini-statement' });
    expect(screen.getByTestId('accounts-loading-screen')).toBeTruthy();
    expect(screen.queryByTestId('accounts-progress')).toBeNull();
    act(() => vi.advanceTimersByTime(310));
    expect(screen.getByTestId('accounts-progress').textContent).toContain('Finding your recent transactions');

    fake.send({ phase: 'mini-statement', ...onCard, account: current, entries, receiptNumber });
    expect(heading()).toBe('Recent transactions');
    expect(screen.getByText('Step 3 of 4')).toBeTruthy();
    const salary = screen.getByTestId('entry-E3');
    expect(within(salary).getByText('Dec 3, 2026')).toBeTruthy();
    expect(within(salary).getByTestId('entry-amount').textContent).toBe('+CN¥8,000.00');
    expect(within(salary).getByTestId('entry-amount').className).toContain('entries__in');
    const water = screen.getByTestId('entry-E2');
    expect(within(water).getByText('Dec 1, 2026')).toBeTruthy();
    expect(within(water).getByTestId('entry-amount').textContent).toBe('-CN¥78.40');
    expect(within(water).getByTestId('entry-amount').className).toContain('entries__out');
    expect(water.textContent).toContain('CN¥4,345.67');

    await user.click(screen.getByTestId('print-mini-statement'));
    expect(host.callsTo('accounts.printMiniStatement')).toEqual([{ locale: 'en' }]);
    fake.send({ phase: 'mini-statement', ...onCard, account: current, entries, receiptNumber, receipt: 'printed' });
    expect(screen.getByTestId('slip-state').textContent).toContain('Please take your slip');
    // Out of the printer: no second Print to tap by mistake.
    expect(screen.queryByTestId('print-mini-statement')).toBeNull();

    // Back, in the header or on the screen, asks the host for the balances (the card stays in).
    await user.click(screen.getByTestId('back-button'));
    await user.click(screen.getByTestId('back-to-accounts'));
    expect(host.callsTo('accounts.backToAccounts')).toEqual([{}, {}]);
    expect(host.callsTo('accounts.cancel')).toEqual([]);

    fake.send({ phase: 'mini-statement', ...onCard, account: savings, entries: [], receiptNumber });
    expect(screen.getByTestId('entries-none').textContent).toBe('There are no recent transactions in this account.');
    expect(screen.queryByTestId('print-mini-statement')).toBeNull();
  });

  it('statement period: presets with their dates, the problem in words, prints the chosen period in the language on screen', async () => {
    const { user, fake, host } = await openAccounts('zh');
    fake.send(balances);
    await user.click(screen.getByTestId('statement-A1001'));
    expect(host.callsTo('accounts.chooseStatement')).toEqual([{ accountId: 'A1001' }]);
    fake.send({ phase: 'statement-period', ...onCard, account: current, earliest: '2026-06-10', today: '2026-12-04', maxDays: 366 });
    expect(heading()).toBe('请选择对账单的期间');
    expect(screen.getByText('第 3 步，共 4 步')).toBeTruthy();
    expect(screen.getByTestId('period-this-month').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('period-last-month').textContent).toContain('2026年11月1日 至 2026年11月30日');
    // 12 months reach back before what the bank keeps: clipped and said so.
    expect(screen.getByTestId('period-last-12-months').textContent).toContain('2026年6月10日 至 2026年12月4日');
    expect(screen.getByTestId('period-last-12-months').textContent).toContain('已缩短为银行可打印的期间');

    await user.click(screen.getByTestId('period-last-month'));
    expect(screen.getByTestId('period-last-month').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('period-this-month').getAttribute('aria-pressed')).toBe('false');
    await user.click(screen.getByTestId('print-statement'));
    expect(host.callsTo('accounts.printStatement')).toEqual([{ locale: 'zh-CN', period }]);

    fake.send({ phase: 'statement-period', ...onCard, account: current, earliest: '2026-06-10', today: '2026-12-04', maxDays: 366, problem: 'no-entries' });
    expect(screen.getByTestId('period-problem').textContent).toBe('该期间没有交易，请选择其他期间。');
    fake.send({ phase: 'statement-period', ...onCard, account: current, earliest: '2026-06-10', today: '2026-12-04', maxDays: 366, problem: 'too-long' });
    expect(screen.getByTestId('period-problem').textContent).toContain('该期间太长');
  });

  it('printing page N of M; out of paper it says so in plain words, resumes from the failed page on Continue; done says the pages and the number, then the question', async () => {
    const { user, fake, host } = await openAccounts('en');
    const printing = { ...onCard, account: current, period, receiptNumber };
    fake.send({ phase: 'printing', ...printing, page: 2, pages: 3 });
    expect(heading()).toBe('Printing your statement');
    expect(screen.getByText('Step 4 of 4')).toBeTruthy();
    expect(screen.getByTestId('printing-page').textContent).toContain('Printing page 2 of 3');
    expect(screen.getByTestId('pages-bar').getAttribute('aria-valuenow')).toBe('1');
    expect(screen.getByTestId('pages-count').textContent).toBe('Pages printed: 1 of 3');
    expect(screen.getByTestId('account-heading').textContent).toContain('Nov 1, 2026 to Nov 30, 2026');

    fake.send({ phase: 'print-paused', ...printing, page: 2, pages: 3, reason: 'paper-out' });
    expect(heading()).toBe('Printing has paused');
    expect(screen.getByTestId('pause-reason').textContent).toBe('The printer ran out of paper. Staff will refill it.');
    expect(screen.getByTestId('resume-from').textContent).toBe('Printing continues from page 2 of 3 as soon as the printer is ready. No page is printed twice.');
    await user.click(screen.getByTestId('resume-printing'));
    expect(host.callsTo('accounts.resumePrint')).toEqual([{}]);
    fake.send({ phase: 'print-paused', ...printing, page: 3, pages: 3, reason: 'cover-open' });
    expect(screen.getByTestId('pause-reason').textContent).toBe('The printer cover is open. Staff will close it.');

    fake.send({ phase: 'statement-done', ...printing, pages: 3, printedPages: 3 });
    expect(heading()).toBe('Your statement is printed');
    expect(screen.getByTestId('pages-printed').textContent).toBe('Pages printed: 3 of 3');
    expect(screen.getByTestId('receipt-number').textContent).toBe(receiptNumber);
    expect(screen.getByTestId('take-statement').textContent).toContain('Please take your statement and your card');
    await user.click(screen.getByTestId('accounts-done'));
    expect(host.callsTo('accounts.finish')).toEqual([{}]);
    expect(await screen.findByTestId('feedback-screen')).toBeTruthy();
    await user.click(screen.getByTestId('feedback-7'));
    await user.click(screen.getByTestId('feedback-done'));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('feedback.submit')).toEqual([{ journey: 'account-services', service: 'statement', reference: receiptNumber, score: 7, locale: 'en' }]);
  });

  it('Stop while printing asks the host and stays for what came out; a stopped statement says how many pages', async () => {
    const { user, fake, host } = await openAccounts('en');
    const printing = { ...onCard, account: current, period, receiptNumber };
    fake.send({ phase: 'printing', ...printing, page: 2, pages: 5 });
    await user.click(screen.getByTestId('stop-printing'));
    expect(host.callsTo('accounts.cancel')).toEqual([{}]);
    expect(screen.getByTestId('accounts-printing-screen')).toBeTruthy();
    fake.send({ phase: 'statement-done', ...printing, pages: 5, printedPages: 2 });
    expect(heading()).toBe('Printing was stopped');
    expect(screen.getByTestId('pages-printed').textContent).toBe('Pages printed: 2 of 5');
    expect(screen.getByTestId('statement-result').textContent).toContain('The rest of the statement was not printed');
  });

  it('says why the journey stopped, with the bank reason, and offers to start again or go Home; no question asked', async () => {
    const { user, fake, host } = await openAccounts('en');
    fake.send({ phase: 'stopped', reason: 'declined', declined: 'pin-tries-exceeded' });
    expect(screen.getByTestId('accounts-stop-reason').textContent).toContain('The bank did not accept the card.');
    expect(screen.getByTestId('accounts-stop-reason').textContent).toContain('card is now blocked');
    fake.send({ phase: 'stopped', reason: 'hub-unreachable' });
    expect(screen.getByTestId('accounts-stop-reason').textContent).toContain('The bank cannot be reached right now');
    fake.send({ phase: 'stopped', reason: 'card-removed' });
    expect(screen.getByTestId('accounts-stop-reason').textContent).toBe('The card was taken out before you finished. ');
    await user.click(screen.getByTestId('accounts-again'));
    expect(host.callsTo('accounts.start')).toEqual([{}, {}]);
    expect(await screen.findByTestId('accounts-card-screen')).toBeTruthy();
    fake.send({ phase: 'stopped', reason: 'timeout' });
    await user.click(screen.getByTestId('accounts-home'));
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
    expect(host.callsTo('feedback.submit')).toEqual([]);
  });

  it('Home from the balances ends the journey at the host; a late state after it changes nothing', async () => {
    const { user, fake, host } = await openAccounts('en');
    fake.send(balances);
    await user.click(screen.getByTestId('home-button'));
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
    expect(host.callsTo('accounts.cancel')).toEqual([{}]);
    fake.send({ phase: 'stopped', reason: 'customer' });
    expect(screen.getByTestId('home-screen')).toBeTruthy();
  });

  it('ignores a state older than the one shown', async () => {
    const { fake, host } = await openAccounts('en');
    fake.send(balances);
    act(() => host.emit('accounts.state', { seq: 1, state: { phase: 'card', insertChip: false } }));
    expect(screen.getByTestId('accounts-balances-screen')).toBeTruthy();
  });
});

describe('the Balances and statements tile', () => {
  it('is not offered while the bank cannot be reached, and a tap says why and to see the counter', async () => {
    const user = userEvent.setup();
    const view = renderKiosk({ 'devices.list': devices, 'sync.status': () => ({ online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null }) });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    const tile = screen.getByTestId('tile-statement');
    await waitFor(() => expect(tile.getAttribute('aria-disabled')).toBe('true'));
    expect(within(tile).getByText('Not available offline')).toBeTruthy();
    await user.click(tile);
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('“Balances and statements” needs the connection to the bank, which is not available right now. Please see the counter.');
    expect(view.host.callsTo('accounts.start')).toEqual([]);
    // Back online: offered again.
    act(() => view.host.emit('sync.status', { online: true, backlog: 0, oldestPendingAt: null, lastSyncAt: null }));
    expect(screen.getByTestId('tile-statement').getAttribute('aria-disabled')).toBeNull();
  });

  it('is not offered without a working card reader and PIN pad', async () => {
    const user = userEvent.setup();
    const view = renderKiosk({ 'devices.list': devices });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-zh'));
    await waitFor(() => expect(screen.getByTestId('tile-statement').getAttribute('aria-disabled')).toBeNull());
    expect(within(screen.getByTestId('tile-statement')).getByText('余额与对账单')).toBeTruthy();
    act(() => view.host.emit('device.health', { role: 'card', kind: 'card-reader', state: 'offline', reason: 'disconnected', since: 'y' }));
    const tile = screen.getByTestId('tile-statement');
    expect(tile.getAttribute('aria-disabled')).toBe('true');
    await user.click(tile);
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('本机暂时无法办理“余额与对账单”，请到柜台办理。');
    expect(view.host.callsTo('accounts.start')).toEqual([]);
  });
});
