import { describe, expect, it, vi, type Mock } from 'vitest';
import type { CommandParams, CommandResult, SignedCommand } from '../../../../protocol/fleet-commands.js';
import { commandSigner } from '../../../../hub/fleet/commands/command-signer.node.js';
import type { TestResult } from '../../../bridge/service-contract.js';
import type { RemoteServiceControls } from '../../service-mode/service-mode.node.js';
import { commandActions } from './command-actions.js';
import { CommandRunner, type CommandAction } from './command-runner.js';
import { CustomerPresence } from './customer-presence.js';
import { memoryJournal } from './testing.js';

const NOW = Date.parse('2026-12-04T10:00:00.000Z');
const hubKey = commandSigner({ key: Buffer.alloc(32, 7) });
const otherHub = commandSigner({ key: Buffer.alloc(32, 9) });

function command(params: CommandParams, over: Partial<{ kioskId: string; expiresAt: string; signer: typeof hubKey }> = {}): SignedCommand {
  return (over.signer ?? hubKey).sign({
    commandId: globalThis.crypto.randomUUID(),
    kioskId: over.kioskId ?? 'K01',
    params,
    issuedBy: '0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c01',
    issuedAt: new Date(NOW - 1000).toISOString(),
    expiresAt: over.expiresAt ?? new Date(NOW + 60_000).toISOString(),
  });
}

function setup(action: CommandAction = async () => ({ outcome: 'succeeded', detail: { ran: true } })) {
  const journal = memoryJournal();
  const acks: string[] = [];
  const reports: { commandId: string; result: CommandResult }[] = [];
  const audits: { event: string; detail: Record<string, unknown> }[] = [];
  const run = vi.fn(action);
  let hubTakesReports = true;
  const runner = new CommandRunner({
    kioskId: 'K01',
    keyFor: async (keyId) => (keyId === hubKey.key.keyId ? hubKey.key : null),
    journal,
    action: run,
    ack: (id) => (acks.push(id), true),
    report: async (commandId, result) => {
      if (!hubTakesReports) return false;
      reports.push({ commandId, result });
      return true;
    },
    audit: (event, _command, detail) => audits.push({ event, detail }),
    now: () => NOW,
  });
  return { runner, journal, acks, reports, audits, run, hubDown: (down: boolean) => (hubTakesReports = !down) };
}

describe('command runner', () => {
  it('runs a valid command once, acknowledges it and reports its result', async () => {
    const t = setup();
    const c = command({ kind: 'leave-maintenance' });
    const first = await t.runner.receive(c);
    expect(first).toMatchObject({ disposition: 'ran', result: { outcome: 'succeeded', detail: { ran: true } } });
    expect(t.acks).toEqual([c.commandId]);
    expect(t.reports).toHaveLength(1);
    expect(t.audits.map((a) => a.event)).toEqual(['accepted', 'succeeded']);
  });

  it('a replayed command is acknowledged again but not run twice', async () => {
    const t = setup();
    const c = command({ kind: 'restart-host' });
    await t.runner.receive(c);
    const again = await t.runner.receive(c);
    expect(again.disposition).toBe('replayed');
    expect(again.result?.outcome).toBe('succeeded');
    expect(t.run).toHaveBeenCalledTimes(1);
    expect(t.acks).toEqual([c.commandId, c.commandId]);
    expect(t.audits.at(-1)?.event).toBe('replayed');
  });

  it('two deliveries racing each other run the command once', async () => {
    const t = setup();
    const c = command({ kind: 'collect-diagnostics' });
    const [a, b] = await Promise.all([t.runner.receive(c), t.runner.receive(c)]);
    expect([a.disposition, b.disposition].sort()).toEqual(['ran', 'replayed']);
    expect(t.run).toHaveBeenCalledTimes(1);
  });

  it('refuses a command whose fields were changed after signing (bad-signature), runs nothing and remembers nothing', async () => {
    const t = setup();
    const signed = command({ kind: 'device-test', test: 'print' });
    const tampered: SignedCommand = { ...signed, params: { kind: 'restart-host' } };
    const verdict = await t.runner.receive(tampered);
    expect(verdict).toMatchObject({ disposition: 'refused', result: { outcome: 'refused', reason: 'bad-signature' } });
    expect(t.run).not.toHaveBeenCalled();
    expect(t.journal.entries.size).toBe(0);
    expect(t.reports[0]?.result).toMatchObject({ reason: 'bad-signature' });
    // The genuine command with that id still runs.
    expect((await t.runner.receive(signed)).disposition).toBe('ran');
  });

  it('refuses a command signed by a key this kiosk did not pin (unknown-key)', async () => {
    const t = setup();
    const verdict = await t.runner.receive(command({ kind: 'reload-ui' }, { signer: otherHub }));
    expect(verdict.result).toMatchObject({ outcome: 'refused', reason: 'unknown-key' });
    expect(t.run).not.toHaveBeenCalled();
  });

  it('refuses a command for another kiosk (wrong-kiosk)', async () => {
    const t = setup();
    const verdict = await t.runner.receive(command({ kind: 'reload-ui' }, { kioskId: 'K02' }));
    expect(verdict.result).toMatchObject({ outcome: 'refused', reason: 'wrong-kiosk' });
    expect(t.run).not.toHaveBeenCalled();
  });

  it('refuses an expired command with its reason, and a replay of it is not run either', async () => {
    const t = setup();
    const c = command({ kind: 'enter-maintenance' }, { expiresAt: new Date(NOW - 1).toISOString() });
    expect((await t.runner.receive(c)).result).toMatchObject({ outcome: 'refused', reason: 'expired' });
    expect(t.acks).toEqual([c.commandId]);
    expect((await t.runner.receive(c)).disposition).toBe('replayed');
    expect(t.run).not.toHaveBeenCalled();
  });

  it('a failing action is a failed result, not an exception', async () => {
    const t = setup(async () => {
      throw new TypeError('boom');
    });
    expect((await t.runner.receive(command({ kind: 'collect-diagnostics' }))).result).toMatchObject({ outcome: 'failed', reason: 'failed' });
  });

  it('keeps a result the hub did not take and sends it again later', async () => {
    const t = setup();
    t.hubDown(true);
    const c = command({ kind: 'leave-maintenance' });
    await t.runner.receive(c);
    expect(t.reports).toHaveLength(0);
    t.hubDown(false);
    await t.runner.retryReports();
    expect(t.reports.map((r) => r.commandId)).toEqual([c.commandId]);
    await t.runner.retryReports();
    expect(t.reports).toHaveLength(1);
  });
});

const passedTest = async (): Promise<TestResult> => ({ id: 'r1', test: 'print', role: 'receipt', outcome: 'pass', reason: null, technician: 'hub:x', at: new Date(NOW).toISOString(), durationMs: 5 });

function fakeService(): RemoteServiceControls & { maintenance: boolean; restarted: number; runTest: Mock<RemoteServiceControls['runTest']> } {
  const service = {
    maintenance: false,
    restarted: 0,
    setMaintenance: (on: boolean) => void (service.maintenance = on),
    inMaintenance: () => service.maintenance,
    runTest: vi.fn<RemoteServiceControls['runTest']>(passedTest),
    restartMode: () => 'exit' as const,
    restartHost: () => void (service.restarted += 1),
    audit: vi.fn(async () => undefined),
  };
  return service;
}

describe('remote commands through the host services', () => {
  function withActions() {
    vi.useFakeTimers({ now: NOW });
    const presence = new CustomerPresence({ now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) });
    const service = fakeService();
    const reloads: string[] = [];
    const action = commandActions({
      service,
      presence,
      reloadPage: (id) => reloads.push(id),
      diagnostics: async () => ({ collectedAt: new Date(NOW).toISOString(), facts: {}, logLines: [], truncated: false }),
      config: { problem: () => null, apply: () => ({}), persist: async () => undefined, health: async () => 1, wait: async () => undefined, settleMs: 0 },
      customerWaitMs: 60_000,
    });
    return { presence, service, reloads, ...setup(action) };
  }

  it('maintenance: out of service at once, but the answer waits until the current customer has finished', async () => {
    const t = withActions();
    try {
      t.presence.request('queue.issueTicket');
      const pending = t.runner.receive(command({ kind: 'enter-maintenance' }));
      await vi.advanceTimersByTimeAsync(20_000);
      expect(t.service.maintenance).toBe(true);
      expect(t.reports).toHaveLength(0);
      t.presence.ended();
      const { result } = await pending;
      expect(result).toMatchObject({ outcome: 'succeeded', detail: { maintenance: true, customerStillPresent: false, waitedForCustomerMs: 20_000 } });
      expect(t.reports).toHaveLength(1);
      expect(t.service.audit).toHaveBeenCalledWith('succeeded', expect.objectContaining({ technician: expect.stringMatching(/^hub:/) }), expect.objectContaining({ kind: 'enter-maintenance' }));

      const left = await t.runner.receive(command({ kind: 'leave-maintenance' }));
      expect(left.result).toMatchObject({ outcome: 'succeeded', detail: { wasInMaintenance: true } });
      expect(t.service.maintenance).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('maintenance with nobody at the kiosk is answered at once', async () => {
    const t = withActions();
    try {
      const { result } = await t.runner.receive(command({ kind: 'enter-maintenance' }));
      expect(result).toMatchObject({ outcome: 'succeeded', detail: { waitedForCustomerMs: 0 } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('restart waits for the customer, answers, then restarts; a reload with a customer who stays is refused as busy', async () => {
    const t = withActions();
    try {
      const restart = await t.runner.receive(command({ kind: 'restart-host' }));
      expect(restart.result).toMatchObject({ outcome: 'succeeded', detail: { mode: 'exit' } });
      expect(t.service.restarted).toBe(1);

      t.presence.request('billPayment.start');
      const reload = t.runner.receive(command({ kind: 'reload-ui' }));
      await vi.advanceTimersByTimeAsync(60_000);
      expect((await reload).result).toMatchObject({ outcome: 'refused', reason: 'busy' });
      expect(t.reloads).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a device test reports the test result back; a test already running is busy', async () => {
    const t = withActions();
    try {
      expect((await t.runner.receive(command({ kind: 'device-test', test: 'print' }))).result).toMatchObject({ outcome: 'succeeded', detail: { test: 'print', testOutcome: 'pass' } });
      t.service.runTest.mockRejectedValueOnce(new Error('a device test is already running'));
      expect((await t.runner.receive(command({ kind: 'device-test', test: 'card' }))).result).toMatchObject({ outcome: 'refused', reason: 'busy' });
    } finally {
      vi.useRealTimers();
    }
  });
});
