import { describe, expect, it, vi } from 'vitest';
import { BridgeError } from './contract.js';
import { createDispatcher, type HandlerMap } from './dispatcher.js';

const log = { warn: vi.fn(), error: vi.fn() };

function handlers(overrides: Partial<HandlerMap> = {}): HandlerMap {
  const notUsed = () => {
    throw new Error('not used');
  };
  return {
    'kiosk.info': notUsed,
    'queue.services': () => [{ id: 'deposits', prefix: 'A', name: { 'zh-CN': '存款', en: 'Deposits' }, vip: false }],
    'queue.issueTicket': notUsed,
    'queue.reprintTicket': notUsed,
    'devices.list': () => [],
    'sync.status': notUsed,
    'services.availability': notUsed,
    'assist.status': notUsed,
    'assist.requestHelp': notUsed,
    'assist.cancel': notUsed,
    'assist.signal': notUsed,
    'assist.connected': notUsed,
    'assist.end': notUsed,
    'assist.rate': notUsed,
    'feedback.submit': notUsed,
    'knowledge.search': notUsed,
    'knowledge.article': notUsed,
    'recommendation.offer': notUsed,
    'recommendation.respond': notUsed,
    'appointments.slots': notUsed,
    'appointments.book': notUsed,
    'appointments.scanner': notUsed,
    'queue.recognition': notUsed,
    'assist.idScan': notUsed,
    'assist.idScanCancel': notUsed,
    'assist.requestCallback': notUsed,
    'accounts.status': notUsed,
    'accounts.start': notUsed,
    'accounts.printBalances': notUsed,
    'accounts.showMiniStatement': notUsed,
    'accounts.printMiniStatement': notUsed,
    'accounts.chooseStatement': notUsed,
    'accounts.printStatement': notUsed,
    'accounts.resumePrint': notUsed,
    'accounts.backToAccounts': notUsed,
    'accounts.cancel': notUsed,
    'accounts.finish': notUsed,
    'accountOpening.status': notUsed,
    'accountOpening.start': notUsed,
    'accountOpening.confirmDocument': notUsed,
    'accountOpening.rereadDocument': notUsed,
    'accountOpening.face': notUsed,
    'accountOpening.consent': notUsed,
    'accountOpening.kyc': notUsed,
    'accountOpening.cancel': notUsed,
    'accountOpening.finish': notUsed,
    'cardReplacement.status': notUsed,
    'cardReplacement.start': notUsed,
    'cardReplacement.choose': notUsed,
    'cardReplacement.backToCards': notUsed,
    'cardReplacement.face': notUsed,
    'cardReplacement.confirm': notUsed,
    'cardReplacement.issueFirst': notUsed,
    'cardReplacement.cancel': notUsed,
    'cardReplacement.finish': notUsed,
    'billPayment.status': notUsed,
    'billPayment.billers': notUsed,
    'billPayment.start': notUsed,
    'billPayment.findBill': notUsed,
    'billPayment.confirmBill': notUsed,
    'billPayment.confirmPayment': notUsed,
    'billPayment.cancel': notUsed,
    'billPayment.finish': notUsed,
    'wall.feed': notUsed,
    'kiosk.outOfService': notUsed,
    'serviceMode.enter': notUsed,
    'serviceMode.touch': notUsed,
    'serviceMode.overview': notUsed,
    'serviceMode.runTest': notUsed,
    'serviceMode.cancelTest': notUsed,
    'serviceMode.iceServers': notUsed,
    'serviceMode.reportTest': notUsed,
    'serviceMode.logs': notUsed,
    'serviceMode.restart': notUsed,
    'serviceMode.leave': notUsed,
    'session.ended': () => ({ ok: true as const }),
    'session.opened': () => ({ ok: true as const }),
    ...overrides,
  };
}

describe('bridge dispatcher', () => {
  it('answers a valid request through its handler', async () => {
    const dispatch = createDispatcher(handlers(), log);
    const env = await dispatch('queue.services', {});
    expect(env).toMatchObject({ ok: true, result: [{ id: 'deposits' }] });
  });

  it('refuses an unknown method with UNKNOWN_METHOD', async () => {
    const dispatch = createDispatcher(handlers(), log);
    expect(await dispatch('shell.exec', { cmd: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses a bad payload with BAD_REQUEST naming the field, before the handler runs', async () => {
    const issue = vi.fn();
    const dispatch = createDispatcher(handlers({ 'queue.issueTicket': issue }), log);
    const env = await dispatch('queue.issueTicket', { serviceId: 'deposits', locale: 'fr' });
    expect(env).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!env.ok && env.error.message).toContain('locale');
    expect(await dispatch('queue.issueTicket', { serviceId: 'deposits', locale: 'en', extra: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(issue).not.toHaveBeenCalled();
  });

  it('refuses to pass on an answer outside the contract', async () => {
    const dispatch = createDispatcher(handlers({ 'devices.list': () => [{ role: 'x' }] as never }), log);
    expect(await dispatch('devices.list', {})).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
  });

  it('carries a BridgeError code and hides other failures behind INTERNAL', async () => {
    const dispatch = createDispatcher(
      handlers({
        'queue.reprintTicket': () => {
          throw new BridgeError('PRINTER_NOT_READY', 'paper out');
        },
        'sync.status': () => {
          throw new Error('SQLITE_CORRUPT /secret/path');
        },
      }),
      log,
    );
    expect(await dispatch('queue.reprintTicket', { ticketId: 't', locale: 'en' })).toEqual({ ok: false, error: { code: 'PRINTER_NOT_READY', message: 'paper out' } });
    const internal = await dispatch('sync.status', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('/secret/path');
  });
});
