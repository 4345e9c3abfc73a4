// What a queue ticket looks like on paper: bilingual, the number as large as the printer
// allows, and a QR code carrying the ticket id so staff can scan it at the counter.
import type { ReceiptDocument } from '../../drivers/escpos/index.js';
import { waitMinutes } from '../../protocol/branch-queue.js';
import type { Locale, QueueService, Ticket } from '../bridge/contract.js';

const words = {
  'zh-CN': {
    title: '排队号票',
    priority: '优先服务',
    appointment: '预约客户',
    card: '贵宾客户',
    ahead: (n: number) => `您前面还有 ${n} 人`,
    estimate: (min: number) => (min <= 1 ? '预计很快叫到您' : `预计等候约 ${min} 分钟`),
    wait: '请留意叫号，过号请重新取号',
    kiosk: '自助终端',
  },
  en: {
    title: 'Queue ticket',
    priority: 'Priority service',
    appointment: 'Appointment',
    card: 'VIP customer',
    ahead: (n: number) => `${n} waiting ahead of you`,
    estimate: (min: number) => (min <= 1 ? 'You should be called shortly' : `Estimated wait: about ${min} min`),
    wait: 'Please wait for your number to be called',
    kiosk: 'Kiosk',
  },
} as const;


export function ticketReceipt(opts: {
  ticket: Ticket;
  service: QueueService;
  branchName: { 'zh-CN': string; en: string };
  kioskId: string;
  locale: Locale;
}): ReceiptDocument {
  const { ticket, service, locale } = opts;
  const w = words[locale];
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  const issued = new Date(ticket.issuedAt);
  const time = `${issued.getFullYear()}-${String(issued.getMonth() + 1).padStart(2, '0')}-${String(issued.getDate()).padStart(2, '0')} ${String(issued.getHours()).padStart(2, '0')}:${String(issued.getMinutes()).padStart(2, '0')}`;
  return {
    blocks: [
      { kind: 'text', text: opts.branchName[locale], align: 'center', bold: true },
      { kind: 'text', text: `${w.title} / ${words[other].title}`, align: 'center' },
      { kind: 'rule' },
      { kind: 'text', text: `${service.name[locale]} / ${service.name[other]}`, align: 'center', size: 'double-height' },
      { kind: 'text', text: ticket.number, align: 'center', bold: true, size: 'quad' },
      ...(ticket.priority ? [{ kind: 'text' as const, text: `${w.priority} / ${words[other].priority}`, align: 'center' as const, bold: true }] : []),
      ...(ticket.vip ? [{ kind: 'text' as const, text: `${w[ticket.vip]} / ${words[other][ticket.vip]}`, align: 'center' as const, bold: true }] : []),
      ...(ticket.ahead !== null ? [{ kind: 'text' as const, text: w.ahead(ticket.ahead), align: 'center' as const }] : []),
      ...(ticket.estimatedWaitSec != null ? [{ kind: 'text' as const, text: w.estimate(waitMinutes(ticket.estimatedWaitSec)), align: 'center' as const, bold: true }] : []),
      { kind: 'text', text: w.wait, align: 'center' },
      { kind: 'qr', data: `BKT:${ticket.id}`, size: 6, errorCorrection: 'M', align: 'center' },
      { kind: 'text', text: `${time}  ${w.kiosk} ${opts.kioskId}`, align: 'center' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
