// `kioskctl simulate <device>`: stand-alone protocol simulators for demos, bench runs and
// checking a driver config without hardware. Serial devices get a PTY whose path is printed;
// commands typed on stdin drive them (a swipe, a passport, a scan).
import { createInterface } from 'node:readline';
import { startBarcodeSimulator } from '../drivers/barcode/simulator.node.js';
import { startMsrSimulator } from '../drivers/card/msr-simulator.node.js';
import { startEscPosSimulator } from '../drivers/escpos/simulator.node.js';
import { startChinaIdSimulator } from '../drivers/id/china/simulator.node.js';
import { startMrzSimulator } from '../drivers/id/mrz/simulator.node.js';
import { startPinPadSimulator } from '../drivers/pinpad/simulator.node.js';
import { startDispenserSimulator } from '../drivers/dispenser/simulator.node.js';
import { sampleCard, sampleCnId, sampleMrz } from './sample-documents.js';
import { simulatedPhotoBlock } from '../drivers/id/china/sim/simulated-photo.js';

type Command = (args: string[]) => Promise<string>;

interface Running {
  where: string;
  help: string;
  commands: Record<string, Command>;
  close(): Promise<void>;
}

const devices: Record<string, (opts: { port: number; pty: boolean }) => Promise<Running>> = {
  async printer(opts) {
    const sim = await startEscPosSimulator(opts.pty ? { pty: true } : { tcp: { host: '127.0.0.1', port: opts.port } });
    const ep = sim.endpoint;
    const print = async () => {
      for (;;) {
        const job = await sim.waitForJob(3_600_000).catch(() => null);
        if (!job) return;
        console.log(`\n${job.text}\n`);
      }
    };
    void print();
    return {
      where: ep.kind === 'tcp' ? `ESC/POS printer on tcp://${ep.host}:${ep.port}` : `ESC/POS printer on serial ${ep.path}`,
      help: 'paper ok|near-end|out · cover open|closed',
      commands: {
        paper: async ([state]) => (sim.setPaper(state === 'out' ? 'out' : state === 'near-end' ? 'near-end' : 'ok'), `paper ${state ?? 'ok'}`),
        cover: async ([state]) => (sim.setCoverOpen(state === 'open'), `cover ${state ?? 'closed'}`),
      },
      close: () => sim.close(),
    };
  },
  async card() {
    const sim = await startMsrSimulator();
    return {
      where: `magstripe reader (msr-serial) on ${sim.path}`,
      help: 'swipe [PAN] · garbage · unreadable',
      commands: {
        swipe: async ([pan]) => (await sim.swipe(sampleCard(pan)), 'swiped'),
        garbage: async () => (await sim.swipeGarbage(), 'sent line noise'),
        unreadable: async () => (await sim.swipeUnreadable(), 'sent an unreadable swipe'),
      },
      close: () => sim.close(),
    };
  },
  async passport() {
    const sim = await startMrzSimulator();
    return { where: `MRZ scanner (mrz) on ${sim.path}`, help: 'present', commands: { present: async () => (await sim.present(sampleMrz), 'presented the ICAO specimen passport') }, close: () => sim.close() };
  },
  async idcard() {
    const sim = await startChinaIdSimulator();
    return {
      where: `resident ID card reader (cn-id) on ${sim.path}`,
      help: 'place · remove',
      commands: { place: async () => (sim.reader.placeCard({ text: sampleCnId, photo: simulatedPhotoBlock('hopper-id') }), 'card placed'), remove: async () => (sim.reader.removeCard(), 'card removed') },
      close: () => sim.close(),
    };
  },
  async scanner() {
    const sim = await startBarcodeSimulator({ suffix: 'CR' });
    return { where: `barcode scanner (barcode-serial) on ${sim.path}`, help: 'scan <text>', commands: { scan: async (args) => (await sim.scan(args.join(' ')), 'scanned') }, close: () => sim.close() };
  },
  pinpad,
  dispenser,
};

/** `on`/`off` (default on) for the fault switches. */
const onOff = (arg: string | undefined): boolean => arg !== 'off';

async function pinpad(): Promise<Running> {
  const sim = await startPinPadSimulator();
  const entry = (): string => (sim.epp.entryActive ? `entry running, ${sim.epp.digitCount} digit(s) in` : 'no entry running (keys are ignored until the kiosk asks for a PIN)');
  return {
    where: `encrypting PIN pad (epp-serial) on ${sim.path}; keys: demo-pek-aes-1 (format 4), demo-pek-tdes-1 (format 0)`,
    help: 'type <digits> [enter] · enter · cancel · clear · backspace · state · silent [on|off] · tamper [on|off] · tear',
    commands: {
      type: async ([digits = '', then]) => {
        if (!/^\d+$/.test(digits)) return 'type takes digits, e.g. type 1234 enter';
        await sim.type(digits, { enter: then === 'enter' });
        return entry();
      },
      enter: async () => (await sim.press('enter'), entry()),
      cancel: async () => (await sim.press('cancel'), entry()),
      clear: async () => (await sim.press('clear'), entry()),
      backspace: async () => (await sim.press('backspace'), entry()),
      state: async () => entry(),
      silent: async ([arg]) => (sim.setSilent(onOff(arg)), `pad ${onOff(arg) ? 'silent' : 'answering'}`),
      tamper: async ([arg]) => (sim.setTamper(onOff(arg)), `tamper ${onOff(arg) ? 'on' : 'off'}`),
      tear: async () => (sim.tearNextReplies(1), 'the next reply goes out torn'),
    },
    close: () => sim.close(),
  };
}
async function dispenser(): Promise<Running> {
  const sim = await startDispenserSimulator();
  const d = sim.dispenser;
  const state = (): string =>
    `card ${d.card} · stock ${d.stock} (${d.sensors.stock}) · bin ${d.binCount}${d.sensors.captureBinFull ? ' (full)' : ''}${d.jam ? ' · JAMMED' : ''}${d.coverOpen ? ' · cover open' : ''}${d.silent ? ' · silent' : ''}${d.chipMute ? ' · chips mute' : ''}`;
  return {
    where: `card dispenser (dispenser-serial) on ${sim.path}; ${state()}`,
    help: 'take · stock <n> · jam · unjam · cover open|closed · empty-bin · chip mute|ok · state · silent [on|off] · tear · unplug · plug',
    commands: {
      take: async () => (sim.takeCard() ? `card taken; ${state()}` : `no card at the throat; ${state()}`),
      stock: async ([n]) => {
        const count = Number(n);
        if (!Number.isInteger(count) || count < 0) return 'stock takes a number of cards, e.g. stock 5';
        sim.setStock(count);
        return state();
      },
      jam: async () => (sim.jamNextMotion(), 'the next card that moves will jam'),
      unjam: async () => (sim.clearJam(), state()),
      cover: async ([arg]) => (sim.setCoverOpen(arg === 'open'), state()),
      'empty-bin': async () => (sim.emptyBin(), state()),
      chip: async ([arg]) => (sim.setChipMute(arg === 'mute'), state()),
      state: async () => state(),
      silent: async ([arg]) => (sim.setSilent(onOff(arg)), state()),
      tear: async () => (sim.tearNextAnswers(1), 'the next answer goes out torn'),
      unplug: async () => (await sim.unplug(), 'cable pulled'),
      plug: async () => (await sim.plugIn(), `cable back in on ${sim.path}`),
    },
    close: () => sim.close(),
  };
}

export async function simulate(device: string | undefined, opts: { port: number; pty: boolean }): Promise<number> {
  const start = device ? devices[device] : undefined;
  if (!start) {
    console.error(`kioskctl simulate: unknown device "${device ?? ''}" (known: ${Object.keys(devices).join(', ')})`);
    return 2;
  }
  const sim = await start(opts);
  console.log(`${sim.where}\ncommands: ${sim.help} · quit`);
  const rl = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    rl.on('close', resolve);
    rl.on('line', (line) => {
      const [cmd, ...args] = line.trim().split(/\s+/);
      if (!cmd) return;
      if (cmd === 'quit') return resolve();
      const run = sim.commands[cmd];
      if (!run) return console.log(`unknown command; try: ${sim.help}`);
      // One command at a time, in the order typed: 'type 12' then 'enter' must not interleave.
      queue = queue.then(() => run(args).then(console.log, (err: unknown) => console.log(`failed: ${(err as Error).message}`)));
    });
  });
  rl.close();
  await sim.close();
  return 0;
}
