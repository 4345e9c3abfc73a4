import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { utilityWorkerLauncher, type UtilityProcessLike } from './utility-worker-launcher.js';

class FakeUtility extends EventEmitter implements UtilityProcessLike {
  readonly pid = 4242;
  sent: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

describe('utility process launcher', () => {
  it('forks the worker entry as a named utility process and carries messages both ways', () => {
    const fake = new FakeUtility();
    const forks: { path: string; name?: string }[] = [];
    const launch = utilityWorkerLauncher({ fork: (p, _a, o) => (forks.push({ path: p, name: o?.serviceName }), fake) }, '/app/dist/electron/device-worker.cjs');
    const worker = launch();
    expect(forks).toEqual([{ path: '/app/dist/electron/device-worker.cjs', name: 'branch-kiosk-devices' }]);
    worker.send({ t: 'ping', id: 1 });
    expect(fake.sent).toEqual([{ t: 'ping', id: 1 }]);
    const got: unknown[] = [];
    const exits: (number | null)[] = [];
    worker.onMessage((m) => got.push(m));
    worker.onExit((code) => exits.push(code));
    fake.emit('message', { t: 'pong', id: 1 });
    fake.emit('exit', 9);
    expect(got).toEqual([{ t: 'pong', id: 1 }]);
    expect(exits).toEqual([9]);
    worker.kill();
    expect(fake.killed).toBe(true);
    expect(worker.pid).toBe(4242);
  });
});
