// The branch's queue services. A later sync pulls the real catalog from the hub; this
// default lets a kiosk that has never been online still issue tickets.
import type { QueueService } from '../bridge/contract.js';

export const defaultQueueServices: readonly QueueService[] = [
  { id: 'deposits', prefix: 'A', name: { 'zh-CN': '个人存取款', en: 'Deposits & withdrawals' }, vip: false },
  { id: 'loans', prefix: 'B', name: { 'zh-CN': '贷款业务', en: 'Loans' }, vip: false },
  { id: 'forex', prefix: 'C', name: { 'zh-CN': '外汇业务', en: 'Foreign exchange' }, vip: false },
  { id: 'vip', prefix: 'V', name: { 'zh-CN': 'VIP 贵宾服务', en: 'VIP service' }, vip: true },
];
