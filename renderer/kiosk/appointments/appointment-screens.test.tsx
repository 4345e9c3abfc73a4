// @vitest-environment jsdom
// Appointments on the kiosk page against a fake host: booking step by step (both languages,
// large text), a phone number only with consent, a time taken meanwhile, offline up front, and
// check-in by scan from Home — a ticket, or a clear reason and the normal ticket path.
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckInResult } from '../../../electron/bridge/appointments-contract.js';
import { fakeServices, type FakeHandlers } from '../../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';
import { nextDays } from './AppointmentBookScreen.js';
import { scannerModeOf } from './useAppointmentScanner.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

const today = nextDays(new Date())[0] ?? '';
const at = (hour: number, minute = 0) => {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1, hour, minute).toISOString();
};
const SLOTS = [
  { slotId: '0193a000-0000-7000-8000-0000000000a1', startsAt: at(9, 30), durationMin: 30, placesLeft: 2 },
  { slotId: '0193a000-0000-7000-8000-0000000000a2', startsAt: at(10, 0), durationMin: 30, placesLeft: 1 },
];

async function home(handlers: FakeHandlers = {}, language: 'zh' | 'en' = 'zh') {
  const user = userEvent.setup();
  const view = renderKiosk({
    'appointments.scanner': () => ({ ok: true }),
    'appointments.slots': () => ({ outcome: 'ok', slots: SLOTS }),
    'appointments.book': ({ slotId }) => ({ outcome: 'booked', serviceId: 'cash', startsAt: SLOTS.find((s) => s.slotId === slotId)?.startsAt ?? '', durationMin: 30, phone: '138****5678', print: { printed: true } }),
    ...handlers,
  });
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await screen.findByTestId('home-screen');
  return { user, ...view };
}

describe('booking an appointment on the kiosk', () => {
  it('goes service → day → time → phone with consent → confirm, and the slip prints (zh-CN)', async () => {
    const { user, host } = await home();
    await user.click(screen.getByTestId('tile-book-appointment'));
    expect(await screen.findByText('第 1 步，共 5 步')).toBeTruthy();
    await user.click(await screen.findByTestId('appointment-service-cash'));
    expect(screen.getByRole('heading', { name: '哪一天？' })).toBeTruthy();
    await user.click(screen.getByTestId('appointment-day-1'));
    expect(host.callsTo('appointments.slots')).toEqual([{ serviceId: 'cash', day: nextDays(new Date())[1] }]);
    const times = await screen.findAllByTestId('appointment-time');
    expect(times.map((t) => t.textContent)).toEqual(['09:30–10:00剩余名额：2', '10:00–10:30剩余名额：1']);
    await user.click(times[1]!);
    // A number without consent is not taken.
    for (const digit of '13812345678') await user.click(screen.getByTestId(`appointment-pad-${digit}`));
    expect(screen.getByTestId('appointment-phone-value').textContent).toContain('13812345678');
    await user.click(screen.getByTestId('appointment-phone-next'));
    expect(screen.getByTestId('appointment-phone-problem').textContent).toBe('请勾选同意，或清除号码。');
    await user.click(screen.getByTestId('appointment-consent'));
    await user.click(screen.getByTestId('appointment-phone-next'));
    expect(screen.getByText('第 5 步，共 5 步')).toBeTruthy();
    expect(screen.getByTestId('appointment-summary').textContent).toContain('138****5678');
    expect(screen.getByTestId('appointment-summary').textContent).not.toContain('13812345678');
    expect(screen.getByTestId('appointment-summary-time').textContent).toContain('10:00–10:30');
    await user.click(screen.getByTestId('appointment-confirm'));
    expect(await screen.findByRole('heading', { name: '预约成功' })).toBeTruthy();
    expect(screen.getByTestId('appointment-take-slip').textContent).toContain('请取走预约凭条');
    expect(host.callsTo('appointments.book')).toEqual([{ slotId: SLOTS[1]!.slotId, locale: 'zh-CN', contact: { phone: '13812345678', consent: true } }]);
    // Booking is a journey: the satisfaction question comes next (about this service and slot), then the visit ends.
    await user.click(screen.getByTestId('appointment-done'));
    expect(await screen.findByTestId('feedback')).toBeTruthy();
    await user.click(screen.getByTestId('feedback-8'));
    await user.click(screen.getByTestId('feedback-done'));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('feedback.submit')).toEqual([expect.objectContaining({ journey: 'appointment', service: 'cash', reference: SLOTS[1]!.startsAt, score: 8 })]);
  });

  it('books without a phone in English and large text; a badly typed number is refused', async () => {
    const { user, host } = await home({}, 'en');
    await user.click(screen.getByRole('button', { name: 'Large text' }));
    expect(document.documentElement.hasAttribute('data-elder')).toBe(true);
    await user.click(screen.getByTestId('tile-book-appointment'));
    await user.click(await screen.findByRole('button', { name: /Loans/ }));
    await user.click(screen.getByTestId('appointment-day-0'));
    await user.click((await screen.findAllByTestId('appointment-time'))[0]!);
    await user.click(screen.getByTestId('appointment-pad-2'));
    await user.click(screen.getByTestId('appointment-consent'));
    await user.click(screen.getByTestId('appointment-phone-next'));
    expect(screen.getByTestId('appointment-phone-problem').textContent).toBe('Please enter an 11-digit mobile number starting with 1.');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByTestId('appointment-phone-next').textContent).toBe('Continue without a number');
    await user.click(screen.getByTestId('appointment-phone-next'));
    expect(screen.getByTestId('appointment-summary').textContent).toContain('PhoneNone');
    await user.click(screen.getByTestId('appointment-confirm'));
    expect(await screen.findByRole('heading', { name: 'Your appointment is booked' })).toBeTruthy();
    expect(host.callsTo('appointments.book')).toEqual([{ slotId: SLOTS[0]!.slotId, locale: 'en' }]);
  });

  it('sends the customer back to the times when theirs was taken meanwhile, fetched afresh', async () => {
    const { user, host } = await home({ 'appointments.book': () => ({ outcome: 'refused', problem: 'SLOT_FULL' }) }, 'en');
    await user.click(screen.getByTestId('tile-book-appointment'));
    await user.click(await screen.findByTestId('appointment-service-cash'));
    await user.click(screen.getByTestId('appointment-day-0'));
    await user.click((await screen.findAllByTestId('appointment-time'))[1]!);
    await user.click(screen.getByTestId('appointment-phone-next'));
    await user.click(screen.getByTestId('appointment-confirm'));
    expect((await screen.findByTestId('appointment-problem')).textContent).toBe('Somebody has just taken this time. Please choose another.');
    await user.click(screen.getByTestId('appointment-choose-again'));
    expect(await screen.findAllByTestId('appointment-time')).toHaveLength(2);
    expect(host.callsTo('appointments.slots')).toHaveLength(2);
  });

  it('says a day has no free times, and says so when the hub cannot be reached', async () => {
    let answer: 'none' | 'offline' = 'none';
    const { user } = await home({ 'appointments.slots': () => (answer === 'none' ? { outcome: 'ok', slots: [] } : { outcome: 'refused', problem: 'OFFLINE' }) }, 'en');
    await user.click(screen.getByTestId('tile-book-appointment'));
    await user.click(await screen.findByTestId('appointment-service-cash'));
    await user.click(screen.getByTestId('appointment-day-2'));
    expect((await screen.findByTestId('appointment-no-times')).textContent).toBe('No free times on this day. Please choose another day.');
    answer = 'offline';
    await user.click(screen.getByRole('button', { name: 'Which day?' }));
    await user.click(screen.getByTestId('appointment-day-3'));
    expect((await screen.findByTestId('appointment-problem')).textContent).toContain("bank's connection");
    expect(screen.queryByTestId('appointment-choose-again')).toBeNull();
  });

  it('offline, both tiles say so up front and explain a tap', async () => {
    const { user } = await home({ 'sync.status': () => ({ online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null }), 'services.availability': () => ({ online: false, services: [] }) }, 'en');
    const book = await screen.findByTestId('tile-book-appointment');
    await screen.findByText("Needs the bank's connection", { selector: '[data-testid="tile-book-appointment"] *' });
    await user.click(book);
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('“Book an appointment” needs the connection to the bank');
    await user.click(screen.getByTestId('tile-check-in'));
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('“Check in” needs the connection to the bank');
    expect(screen.getByTestId('home-screen')).toBeTruthy();
  });
});

describe('checking in with the slip QR', () => {
  const checkedIn: CheckInResult = {
    outcome: 'checked-in',
    ticket: { id: 't-appointment-1', number: 'K1A001', serviceId: 'cash', issuedAt: '2026-12-07T02:00:00Z', ahead: 1, vip: 'appointment' },
    service: fakeServices[0]!,
    startsAt: '2026-12-07T02:30:00Z',
    print: { printed: true },
  };

  it('arms the scanner on Home and the service list, asks on the Check in screen, and turns it off elsewhere', async () => {
    expect(['home', 'queue.choose', 'appointment.checkIn', 'bill', 'attract'].map((p) => scannerModeOf(p as Parameters<typeof scannerModeOf>[0]))).toEqual(['passive', 'passive', 'asking', 'off', 'off']);
    const { user, host } = await home();
    expect(host.callsTo('appointments.scanner').at(-1)).toEqual({ mode: 'passive', locale: 'zh-CN' });
    await user.click(screen.getByTestId('tile-check-in'));
    expect((await screen.findByTestId('appointment-scan-prompt')).textContent).toContain('请将预约凭条上的二维码对准扫描器');
    expect(host.callsTo('appointments.scanner').at(-1)).toEqual({ mode: 'asking', locale: 'zh-CN' });
    await user.click(screen.getByRole('button', { name: '首页' }));
    await user.click(screen.getByTestId('tile-queue'));
    expect(host.callsTo('appointments.scanner').at(-1)).toEqual({ mode: 'passive', locale: 'zh-CN' });
    await user.click(await screen.findByTestId('service-cash'));
    await screen.findByTestId('ticket-number');
    expect(host.callsTo('appointments.scanner').at(-1)).toEqual({ mode: 'off', locale: 'zh-CN' });
  });

  it('a QR scanned on Home shows the appointment ticket', async () => {
    const { host } = await home({}, 'en');
    await act(async () => host.emit('appointments.checkIn', checkedIn));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('K1A001');
    expect(screen.getByTestId('ticket-vip').textContent).toBe('Appointment');
  });

  it('a refused code says why, and the normal ticket is one tap away', async () => {
    const { user, host } = await home({}, 'en');
    await act(async () => host.emit('appointments.checkIn', { outcome: 'refused', problem: 'OTHER_BRANCH' }));
    expect((await screen.findByTestId('appointment-check-in-problem')).textContent).toBe('This appointment is at another branch. Please take a normal ticket here, or go to that branch.');
    await user.click(screen.getByTestId('appointment-take-normal-ticket'));
    expect(await screen.findByTestId('queue-choose-screen')).toBeTruthy();
  });

  it('ignores a late result once the customer has moved on to another journey', async () => {
    const { user, host } = await home({}, 'en');
    await user.click(screen.getByTestId('tile-queue'));
    await user.click(await screen.findByTestId('service-cash'));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A1023');
    await act(async () => host.emit('appointments.checkIn', checkedIn));
    expect(screen.getByTestId('ticket-number').textContent).toBe('A1023');
    expect(screen.queryByTestId('ticket-vip')).toBeNull();
  });
});
