// Swipe latency: a card swipe written on the simulator's PTY → the masked card event at the
// host (what a journey and the bridge receive), through the real serial driver in the device
// worker process. p50/p99 over 1,000 swipes; target p99 < 30 ms. Baseline in the same run:
// the same frame bytes across a bare socat PTY pair into a serialport reader in this process
// (the line itself). ratio = p99 ÷ baseline p99 — lower is better.
import { Writable } from 'node:stream';
import { SerialPort } from 'serialport';
import { encodeMsrFrame } from '../../drivers/card/codec/msr-frame.js';
import { encodeSwipeText, type MagstripeCard } from '../../drivers/card/codec/tracks.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import { openPtyPair } from '../../drivers/transports/pty-pair.node.js';
import { EventBus } from '../../electron/bridge/event-bus.js';
import { DeviceManager } from '../../electron/host/device-manager.node.js';
import { devicesConfigSchema } from '../../electron/host/devices/device-config.js';
import { createLogger } from '../../electron/host/log.node.js';
import { percentile, writeResult, type BenchResult } from '../result.js';

// A test card number (Luhn-valid, UnionPay test range), never a real one.
const CARD: MagstripeCard = { pan: '6225880137706884', name: { surname: 'TEST', given: 'CARD' }, expiry: { year: 2030, month: 12 }, serviceCode: '201' };

async function ptyBaselineMs(samples: number): Promise<number[]> {
  const pair = await openPtyPair();
  const open = (p: string) =>
    new Promise<SerialPort>((resolve, reject) => {
      const port = new SerialPort({ path: p, baudRate: 9600, autoOpen: false });
      port.open((err) => (err ? reject(err) : resolve(port)));
    });
  const sim = await open(pair.simPath);
  const drv = await open(pair.driverPath);
  const frame = Buffer.from(encodeMsrFrame(encodeSwipeText(CARD)));
  const out: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      let got = 0;
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const onData = (b: Buffer) => {
          got += b.length;
          if (got >= frame.length) {
            drv.off('data', onData);
            resolve();
          }
        };
        drv.on('data', onData);
        sim.write(frame);
      });
      out.push(performance.now() - t0);
    }
  } finally {
    await new Promise<void>((r) => sim.close(() => r()));
    await new Promise<void>((r) => drv.close(() => r()));
    await pair.close();
  }
  return out;
}

export async function run(samples = 1000): Promise<BenchResult> {
  const baseline = (await ptyBaselineMs(samples)).sort((a, b) => a - b);
  const log = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const devices = devicesConfigSchema.parse([{ role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'simulated' } }]);
  const manager = new DeviceManager(devices, new EventBus(), log, { hotplugPollMs: 0 });
  const latencies: number[] = [];
  try {
    await manager.start();
    const ready = () => manager.list().every((d) => d.state === 'ready');
    for (let i = 0; i < 150 && !ready(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!ready()) throw new Error(`card reader not ready: ${JSON.stringify(manager.list())}`);
    const msr = manager.simulatorControls('card') as MsrSimulator;
    let waiting: (() => void) | null = null;
    manager.onDeviceEvent((e) => {
      if (e.name === 'card') waiting?.();
    });
    for (let i = 0; i < samples; i++) {
      const seen = new Promise<void>((resolve) => (waiting = resolve));
      const t0 = performance.now();
      await msr.swipe(CARD);
      await seen;
      latencies.push(performance.now() - t0);
    }
  } finally {
    await manager.close();
  }
  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99) ?? 0;
  const baseP99 = percentile(baseline, 99) ?? 0;
  return writeResult({
    name: 'swipe-latency',
    metric: 'p99 ms, swipe on the PTY → masked card event at the host',
    value: Number(p99.toFixed(2)),
    unit: 'ms',
    baseline: { name: 'the same frame across a bare PTY pair, p99', value: Number(baseP99.toFixed(3)) },
    target: 'p99 < 30 ms (ratio = p99 ÷ PTY p99, lower is better)',
    samples: latencies.length,
    p50: Number((percentile(latencies, 50) ?? 0).toFixed(2)),
    p99: Number(p99.toFixed(2)),
  });
}
