// Priority recognised on the service list, with a fake hub and fake devices: a VIP card (released
// at once, sent only sealed), a standard or unknown card, the hub away, an ID card at 65 and
// under, and nothing at all while the page is not listening; the flags end with the visit.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SealedCard } from '../../../protocol/card-security.js';
import type { Recognition } from '../../bridge/queue-recognition-contract.js';
import { createLogger } from '../log.node.js';
import { QueueRecognition } from './queue-recognition.node.js';

const SEALED: SealedCard = {
  alg: 'X25519-HKDF-SHA256-A256GCM',
  keyId: 'demo-card-1',
  epk: 'A'.repeat(43),
  iv: 'B'.repeat(16),
  ct: 'C'.repeat(40),
  tag: 'D'.repeat(22),
  masked: '622202*********0017',
  entry: 'chip',
};

function setup(answer: () => { status: number; body: unknown } | 'unreachable') {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }) });
  let listener: (e: { role: string; name: string; payload: unknown }) => void = () => undefined;
  const released: string[] = [];
  const sent: unknown[] = [];
  const emitted: Recognition[] = [];
  const service = new QueueRecognition({
    kioskId: 'K1',
    async send(_method, path, body) {
      sent.push({ path, body });
      const a = answer();
      if (a === 'unreachable') throw new Error('ECONNREFUSED');
      return { status: a.status, json: async () => a.body };
    },
    onDeviceEvent: (cb) => {
      listener = cb;
      return () => (listener = () => undefined);
    },
    releaseCard: async (ref) => released.push(ref),
    idReaderRoles: () => ['id'],
    emit: (r) => emitted.push(r),
    log,
  });
  const fire = async (role: string, name: string, payload: unknown) => {
    listener({ role, name, payload });
    await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return { service, fire, released, sent, emitted, lines };
}

describe('priority recognised on the service list', () => {
  it('a VIP card: released at once, only the sealed card goes to the hub, the next ticket is VIP', async () => {
    const { service, fire, released, sent, emitted, lines } = setup(() => ({ status: 200, body: { segment: 'vip' } }));
    expect(service.listen(true)).toEqual({ vip: false, priority: false });
    await fire('card', 'card', { source: 'chip', cardRef: 'ref-1', sealed: SEALED, masked: '622202*********0017' });
    expect(released).toEqual(['ref-1']);
    expect(sent).toEqual([{ path: '/v1/banking/customer-segment', body: { kioskId: 'K1', card: SEALED } }]);
    expect(emitted).toEqual([{ by: 'card', outcome: 'vip' }]);
    expect(service.flags()).toEqual({ vip: true, priority: false });
    expect(lines.join('')).not.toContain(SEALED.ct);
    service.reset();
    expect(service.flags()).toEqual({ vip: false, priority: false });
  });

  it('a standard card, a card the reader could not seal, and the hub away change nothing', async () => {
    let answer: { status: number; body: unknown } | 'unreachable' = { status: 200, body: { segment: 'standard' } };
    const { service, fire, released, emitted } = setup(() => answer);
    service.listen(true);
    await fire('card', 'card', { source: 'magstripe', cardRef: 'ref-1', sealed: SEALED });
    await fire('card', 'card', { source: 'magstripe', cardRef: 'ref-2' });
    answer = 'unreachable';
    await fire('card', 'card', { source: 'chip', cardRef: 'ref-3', sealed: SEALED });
    answer = { status: 503, body: { code: 'UNAVAILABLE', message: 'x' } };
    await fire('card', 'card', { source: 'chip', cardRef: 'ref-4', sealed: SEALED });
    expect(released).toEqual(['ref-1', 'ref-2', 'ref-3', 'ref-4']);
    expect(emitted.map((r) => r.outcome)).toEqual(['standard', 'unreadable', 'offline', 'offline']);
    expect(service.flags()).toEqual({ vip: false, priority: false });
  });

  it('an ID card from the id reader: 65 gives priority service, 64 does not, a partial date is unreadable', async () => {
    const { service, fire, emitted } = setup(() => 'unreachable');
    service.listen(true);
    await fire('id', 'document', { kind: 'cn-resident-id', documentNumber: '1101**********002X', age: 64 });
    expect(service.flags().priority).toBe(false);
    await fire('id', 'document', { kind: 'cn-resident-id', age: null });
    await fire('scanner', 'document', { age: 80 });
    await fire('id', 'document', { kind: 'cn-resident-id', documentNumber: '1101**********002X', age: 65 });
    expect(emitted).toEqual([
      { by: 'id', outcome: 'under-age' },
      { by: 'id', outcome: 'unreadable' },
      { by: 'id', outcome: 'priority' },
    ]);
    expect(service.flags()).toEqual({ vip: false, priority: true });
  });

  it('listens only while the page shows the service list', async () => {
    const { service, fire, released, sent, emitted } = setup(() => ({ status: 200, body: { segment: 'vip' } }));
    await fire('card', 'card', { source: 'chip', cardRef: 'ref-1', sealed: SEALED });
    await fire('id', 'document', { age: 70 });
    service.listen(true);
    service.listen(false);
    await fire('card', 'card', { source: 'chip', cardRef: 'ref-2', sealed: SEALED });
    expect([released, sent, emitted]).toEqual([[], [], []]);
    expect(service.flags()).toEqual({ vip: false, priority: false });
  });
});
