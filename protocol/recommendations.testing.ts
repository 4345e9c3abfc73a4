// Rules the tests share (protocol, hub, host, screens): the issue's own example — after an
// electricity bill payment, suggest auto-pay — and a service-information rule for tickets.
import type { KioskRule, RuleDefinition } from './recommendations.js';

export function autoPayRule(overrides: Partial<RuleDefinition> = {}): RuleDefinition {
  return {
    name: 'Auto-pay after electricity',
    when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'billerCategory', in: ['electricity'] }, { field: 'paidBy', equals: 'card' }] },
    suggestion: {
      kind: 'marketing',
      title: { 'zh-CN': '开通电费自动缴费', en: 'Pay electricity automatically' },
      text: { 'zh-CN': '每月自动从您的账户缴纳电费，不再错过缴费日期。', en: 'Your electricity bill is paid from your account every month, never late.' },
      action: { type: 'slip' },
    },
    priority: 10,
    activeFrom: null,
    activeUntil: null,
    ...overrides,
  };
}

export function ticketInfoRule(overrides: Partial<RuleDefinition> = {}): RuleDefinition {
  return {
    name: 'Documents for account opening',
    when: { journey: 'queue-ticket', outcome: 'success', conditions: [{ field: 'serviceId', in: ['accounts'] }] },
    suggestion: {
      kind: 'service-info',
      title: { 'zh-CN': '请备好身份证', en: 'Have your ID card ready' },
      text: { 'zh-CN': '开户需要本人有效身份证件。', en: 'Opening an account needs your own valid ID card.' },
      action: { type: 'none' },
    },
    priority: 5,
    activeFrom: null,
    activeUntil: null,
    ...overrides,
  };
}

export const kioskRule = (id: string, definition: RuleDefinition, version = 1): KioskRule => ({ id, version, definition });
