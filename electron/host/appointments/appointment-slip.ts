// The appointment slip: the service and the time in both languages, and the QR the customer
// scans at the kiosk on arrival (the check-in code; the hub keeps only its hash, so this paper
// is the only copy). Times are the kiosk's local time, as the customer chose them on screen.
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import type { Locale, QueueService } from '../../bridge/contract.js';

const words = {
  'zh-CN': {
    title: '预约凭条',
    when: '预约时间',
    how: '到达后请在自助终端扫描此二维码签到',
    grace: (min: number) => `请准时到达，超过预约时间 ${min} 分钟未签到将自动取消`,
    phone: '联系电话',
  },
  en: {
    title: 'Appointment',
    when: 'Time',
    how: 'On arrival, scan this QR code at the kiosk to check in',
    grace: (min: number) => `Please be on time: not checked in ${min} min after the start, the appointment is released`,
    phone: 'Phone',
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');
export function localDateTime(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function appointmentSlip(opts: {
  code: string;
  service: QueueService;
  startsAt: Date;
  durationMin: number;
  /** Masked, when the customer gave one. */
  phone: string | null;
  graceMin: number;
  branchName: { 'zh-CN': string; en: string };
  kioskId: string;
  locale: Locale;
}): ReceiptDocument {
  const { locale } = opts;
  const other: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
  const [w, o] = [words[locale], words[other]];
  const end = new Date(opts.startsAt.getTime() + opts.durationMin * 60_000);
  const time = `${localDateTime(opts.startsAt)}–${pad(end.getHours())}:${pad(end.getMinutes())}`;
  return {
    blocks: [
      { kind: 'text', text: opts.branchName[locale], align: 'center', bold: true },
      { kind: 'text', text: `${w.title} / ${o.title}`, align: 'center', size: 'double-height' },
      { kind: 'rule' },
      { kind: 'text', text: `${opts.service.name[locale]} / ${opts.service.name[other]}`, align: 'center', bold: true },
      { kind: 'text', text: `${w.when} / ${o.when}`, align: 'center' },
      { kind: 'text', text: time, align: 'center', bold: true, size: 'double-height' },
      ...(opts.phone ? [{ kind: 'text' as const, text: `${w.phone} / ${o.phone}: ${opts.phone}`, align: 'center' as const }] : []),
      { kind: 'qr', data: opts.code, size: 7, errorCorrection: 'M', align: 'center' },
      { kind: 'text', text: w.how, align: 'center' },
      { kind: 'text', text: o.how, align: 'center' },
      { kind: 'text', text: w.grace(opts.graceMin), align: 'center' },
      { kind: 'text', text: o.grace(opts.graceMin), align: 'center' },
      { kind: 'text', text: opts.kioskId, align: 'center' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };
}
