// The account-opening actions without a screen: which counter service a ticket is for, how
// leaving by navigation ends the host's journey (finish once it is over, cancel before), and
// what a refused start shows.
import { describe, expect, it } from 'vitest';
import { BridgeError, type QueueService } from '../../../electron/bridge/contract.js';
import { createFakeHost } from '../../testing/fake-host.js';
import type { SessionEvent, SessionState } from '../session/session.js';
import { initialSession } from '../session/session.js';
import { counterServiceOf, createAccountOpeningActions, leaveAccountOpening } from './account-opening-actions.js';

const service = (id: string, vip = false): QueueService => ({ id, prefix: 'A', name: { 'zh-CN': id, en: id }, vip });

describe('counterServiceOf', () => {
  it('prefers a service that opens accounts, then personal banking, else the first one open to all', () => {
    expect(counterServiceOf([service('loans'), service('deposits'), service('accounts')])?.id).toBe('accounts');
    expect(counterServiceOf([service('loans'), service('deposits')])?.id).toBe('deposits');
    expect(counterServiceOf([service('vip', true), service('forex')])?.id).toBe('forex');
    expect(counterServiceOf([service('vip', true)])).toBeNull();
  });
});

const inJourney = (phase: SessionState['phase']): SessionState => ({ ...initialSession('en'), phase });

describe('leaving the journey', () => {
  it('cancels a journey in progress and finishes one that is over; does nothing elsewhere', async () => {
    const host = createFakeHost({ 'accountOpening.cancel': () => ({ seq: 1, state: { phase: 'idle' } }), 'accountOpening.finish': () => ({ seq: 1, state: { phase: 'idle' } }) });
    leaveAccountOpening(host.client, inJourney({ name: 'accountOpening', status: { seq: 2, state: { phase: 'kyc' } } }));
    leaveAccountOpening(host.client, inJourney({ name: 'accountOpening', status: { seq: 3, state: { phase: 'stopped', reason: 'declined' } } }));
    leaveAccountOpening(host.client, inJourney({ name: 'accountOpening', status: { seq: 4, state: { phase: 'opened', maskedAccount: '6222********0001', reference: 'AO-1', receipt: 'printed', cardOffer: false } } }));
    leaveAccountOpening(host.client, inJourney({ name: 'home' }));
    expect(host.calls.map((c) => c.method)).toEqual(['accountOpening.cancel', 'accountOpening.finish', 'accountOpening.finish']);
  });
});

describe('a refused start', () => {
  it('shows a device stop when a device the journey needs is unavailable', async () => {
    const events: SessionEvent[] = [];
    let state = inJourney({ name: 'home' });
    const host = createFakeHost({
      'accountOpening.start': () => {
        throw new BridgeError('DEVICE_UNAVAILABLE', 'no ID reader');
      },
    });
    const actions = createAccountOpeningActions({
      client: host.client,
      dispatch: (event) => {
        events.push(event);
        if (event.type === 'openAccountOpening') state = inJourney({ name: 'accountOpening', status: { seq: -1, state: { phase: 'idle' } } });
      },
      current: () => state,
      endVisit: () => undefined,
      takeTicket: async () => undefined,
    });
    await actions.open();
    expect(events).toEqual([{ type: 'openAccountOpening' }, { type: 'accountOpeningStatus', status: { seq: 0, state: { phase: 'stopped', reason: 'device' } } }]);
  });
});
