// The host's appointment service against a fake hub, scanner and printer: the day asked of the
// hub, the slip with the QR, check-in by scan in each scanner mode, and the code kept out of
// every log line and every answer to the page.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Booking } from '../../../protocol/appointments.js';
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { CheckInResult } from '../../bridge/appointments-contract.js';
import type { Locale, QueueService, Ticket } from '../../bridge/contract.js';
import type { HubReply } from '../hub-send.node.js';
import { createLogger } from '../log.node.js';
import { AppointmentService, dayRange } from './appointment-service.node.js';

const CODE = 'BKA1-7K3M9PQRSTVWXYZ0123456ABCD';
const SERVICES: QueueService[] = [{ id: 'deposits', prefix: 'A', name: { 'zh-CN': '存取款', en: 'Deposits' }, vip: false }];
const NOW = new Date(2026, 11, 7, 10, 20);

const booking = (over: Partial<Booking> = {}): Booking => ({
  bookingId: '0193a000-0000-7000-8000-000000000001',
  branchId: 'BR1',
  serviceId: 'deposits',
  slotId: '0193a000-0000-7000-8000-0000000000aa',
  startsAt: new Date(2026, 11, 7, 11, 0).toISOString(),
  durationMin: 30,
  status: 'booked',
  phone: null,
  bookedBy: 'kiosk:K1',
  bookedAt: NOW.toISOString(),
  checkedInAt: null,
  ticketId: null,
  ...over,
});

type Route = (method: string, path: string, body: unknown) => { status: number; body: unknown } | 'unreachable';

function setup(route: Route) {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }) });
  const sent: { method: string; path: string; body: unknown }[] = [];
  const printed: ReceiptDocument[] = [];
  const issued: { serviceId: string; locale: Locale; opts: unknown }[] = [];
  const emitted: CheckInResult[] = [];
  let scan: (text: string) => void = () => undefined;
  const service = new AppointmentService({
    kioskId: 'K1',
    branchName: { 'zh-CN': '中山路支行', en: 'Zhongshan Rd' },
    async send(method, path, body): Promise<HubReply> {
      sent.push({ method, path, body });
      const answer = route(method, path, body);
      if (answer === 'unreachable') throw new Error('connect ECONNREFUSED');
      return { status: answer.status, json: async () => answer.body };
    },
    services: () => SERVICES,
    async issueTicket(serviceId, locale, opts) {
      issued.push({ serviceId, locale, opts });
      const ticket: Ticket = { id: opts.ticketId, number: 'K1A001', serviceId, issuedAt: NOW.toISOString(), ahead: 2, vip: opts.vip };
      return { ticket, print: { printed: true } };
    },
    async print(doc) {
      printed.push(doc);
      return { printed: true };
    },
    onScan(cb) {
      scan = cb;
      return () => (scan = () => undefined);
    },
    emit: (result) => emitted.push(result),
    log,
    now: () => NOW,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { service, sent, printed, issued, emitted, lines, scan: (text: string) => scan(text), settle };
}

describe('appointments on the kiosk host', () => {
  it('asks the hub for the rest of the chosen day on the kiosk calendar, and offers only slots with a place', async () => {
    const { service, sent } = setup(() => ({
      status: 200,
      body: {
        branchId: 'BR1',
        slots: [
          { slotId: 's1', branchId: 'BR1', serviceId: 'deposits', startsAt: '2026-12-07T03:00:00.000Z', durationMin: 30, capacity: 2, booked: 1 },
          { slotId: 's2', branchId: 'BR1', serviceId: 'deposits', startsAt: '2026-12-07T03:30:00.000Z', durationMin: 30, capacity: 2, booked: 2 },
        ],
      },
    }));
    const today = await service.slots('deposits', '2026-12-07');
    expect(today).toEqual({ outcome: 'ok', slots: [{ slotId: 's1', startsAt: '2026-12-07T03:00:00.000Z', durationMin: 30, placesLeft: 1 }] });
    const query = new URL(`http://x${sent[0]?.path ?? ''}`).searchParams;
    expect(sent[0]?.path.startsWith('/v1/kiosks/K1/appointments/slots?')).toBe(true);
    // Today: from now, not from midnight (a past slot is not offered); to the next midnight.
    expect(query.get('from')).toBe(NOW.toISOString());
    expect(query.get('to')).toBe(dayRange('2026-12-07').to.toISOString());
    expect(query.get('serviceId')).toBe('deposits');
    await service.slots('deposits', '2026-12-09');
    expect(new URL(`http://x${sent[1]?.path ?? ''}`).searchParams.get('from')).toBe(new Date(2026, 11, 9).toISOString());
    // A day already over asks nothing.
    expect(await service.slots('deposits', '2026-12-06')).toEqual({ outcome: 'ok', slots: [] });
    expect(sent).toHaveLength(2);
  });

  it('says OFFLINE when the hub cannot be reached or answers something unusable', async () => {
    const unreachable = setup(() => 'unreachable');
    expect(await unreachable.service.slots('deposits', '2026-12-07')).toEqual({ outcome: 'refused', problem: 'OFFLINE' });
    expect(await unreachable.service.book('0193a000-0000-7000-8000-0000000000aa', 'en')).toEqual({ outcome: 'refused', problem: 'OFFLINE' });
    const broken = setup(() => ({ status: 500, body: { code: 'INTERNAL', message: 'x' } }));
    expect(await broken.service.slots('deposits', '2026-12-07')).toEqual({ outcome: 'refused', problem: 'OFFLINE' });
  });

  it('books, prints the slip with the code as its QR and the time in both languages; the code reaches neither the page nor the log', async () => {
    const { service, sent, printed, lines } = setup(() => ({ status: 201, body: { booking: booking({ phone: '138****5678' }), code: CODE } }));
    const result = await service.book('0193a000-0000-7000-8000-0000000000aa', 'zh-CN', { phone: '13812345678', consent: true });
    expect(result).toEqual({ outcome: 'booked', serviceId: 'deposits', startsAt: booking().startsAt, durationMin: 30, phone: '138****5678', print: { printed: true } });
    expect(sent[0]).toEqual({ method: 'POST', path: '/v1/kiosks/K1/appointments', body: { slotId: '0193a000-0000-7000-8000-0000000000aa', contact: { phone: '13812345678', consent: true } } });
    const slip = printed[0];
    expect(slip?.blocks).toContainEqual({ kind: 'qr', data: CODE, size: 7, errorCorrection: 'M', align: 'center' });
    const texts = (slip?.blocks ?? []).flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    expect(texts).toContain('2026-12-07 11:00–11:30');
    expect(texts).toContain('存取款 / Deposits');
    expect(texts).toContain('预约凭条 / Appointment');
    expect(texts.some((t) => t.includes('138****5678'))).toBe(true);
    expect(texts.join('\n')).not.toContain('13812345678');
    expect(JSON.stringify(result)).not.toContain(CODE);
    expect(lines.join('')).not.toContain(CODE);
    expect(lines.join('')).toContain('appointment booked');
  });

  it('passes the hub refusal on when the slot went meanwhile, and prints nothing', async () => {
    const { service, printed } = setup(() => ({ status: 409, body: { code: 'CONFLICT', message: 'full', reason: 'SLOT_FULL' } }));
    expect(await service.book('0193a000-0000-7000-8000-0000000000aa', 'en')).toEqual({ outcome: 'refused', problem: 'SLOT_FULL' });
    expect(printed).toEqual([]);
  });

  it('checks a scanned QR in on home (passive) and issues a VIP ticket under the id it gave the hub', async () => {
    const { service, sent, issued, emitted, scan, settle, lines } = setup((_m, _p, body) => ({ status: 200, body: { booking: booking({ status: 'checked-in', ticketId: (body as { ticketId: string }).ticketId }) } }));
    scan(CODE);
    await settle();
    expect(sent).toEqual([]);
    service.setScanner('passive', 'en');
    scan('https://example.com/not-ours');
    await settle();
    expect(sent).toEqual([]);
    scan(CODE);
    await settle();
    expect(sent).toHaveLength(1);
    const body = sent[0]?.body as { code: string; ticketId: string };
    expect(sent[0]?.path).toBe('/v1/kiosks/K1/appointments/check-in');
    expect(body.code).toBe(CODE);
    expect(issued).toEqual([{ serviceId: 'deposits', locale: 'en', opts: { vip: 'appointment', ticketId: body.ticketId } }]);
    expect(emitted).toEqual([{ outcome: 'checked-in', ticket: expect.objectContaining({ id: body.ticketId, vip: 'appointment' }), service: SERVICES[0], startsAt: booking().startsAt, print: { printed: true } }]);
    expect(lines.join('')).not.toContain(CODE);
  });

  it('on the Check in screen (asking) answers any code: not an appointment, a used one, the hub away', async () => {
    let answer: ReturnType<Route> = { status: 409, body: { code: 'CONFLICT', message: 'used', reason: 'ALREADY_USED' } };
    const { service, emitted, issued, scan, settle } = setup(() => answer);
    service.setScanner('asking', 'zh-CN');
    scan('6901234567892');
    await settle();
    scan(CODE);
    await settle();
    scan('BKA1-short');
    await settle();
    answer = 'unreachable';
    scan(CODE);
    await settle();
    expect(emitted).toEqual([
      { outcome: 'refused', problem: 'NOT_APPOINTMENT' },
      { outcome: 'refused', problem: 'ALREADY_USED' },
      { outcome: 'refused', problem: 'UNKNOWN_CODE' },
      { outcome: 'refused', problem: 'OFFLINE' },
    ]);
    expect(issued).toEqual([]);
    service.setScanner('off', 'zh-CN');
    scan(CODE);
    await settle();
    expect(emitted).toHaveLength(4);
  });
});
