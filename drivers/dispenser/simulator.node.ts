// A card dispenser on the far end of a socat PTY pair, speaking the dispenser dialect, for
// tests, the device manager's `simulated` transport and `kioskctl simulate dispenser`. The
// controls are the customer's hand at the throat and the branch's chores and faults: refill
// or drain the stacker, a jam, the cover, the capture bin, silence, a noisy line, the cable,
// and a chip the IC module cannot read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtySimEndpoint, type PtySimEndpoint } from '../transports/pty-endpoint.node.js';
import { SimulatedDispenser, type SimulatedDispenserOptions } from './sim/dispenser-model.js';

export interface DispenserSimulator {
  /** The serial path the driver opens; the same after unplug() and plugIn(). */
  readonly path: string;
  readonly dispenser: SimulatedDispenser;
  readonly plugged: boolean;
  setStock(count: number): void;
  /** The next card that moves jams; clearJam() is the technician freeing it. */
  jamNextMotion(): void;
  clearJam(): void;
  setCoverOpen(open: boolean): void;
  emptyBin(): void;
  /** The customer takes the card from the throat; false when none is presented. */
  takeCard(): boolean;
  /** The dispenser stops answering (true) or answers again (false). */
  setSilent(silent: boolean): void;
  /** The next `count` answers go out cut in half. */
  tearNextAnswers(count?: number): void;
  /** The IC module gets no answer from any chip (true) or reads them again (false). */
  setChipMute(mute: boolean): void;
  /** Raw bytes, for framing tests. */
  sendRaw(bytes: Uint8Array): Promise<void>;
  /** Hangs up the line: the driver sees the cable pulled. The dispenser keeps its cards. */
  unplug(): Promise<void>;
  /** The cable is back: a new PTY pair at the same path. */
  plugIn(): Promise<void>;
  close(): Promise<void>;
}

export async function startDispenserSimulator(opts: SimulatedDispenserOptions = {}): Promise<DispenserSimulator> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-dispenser-'));
  let end: PtySimEndpoint | null = null;
  let writes = Promise.resolve();
  // Answers leave in order even though the model answers synchronously.
  const dispenser = new SimulatedDispenser((bytes) => {
    const copy = bytes.slice();
    const line = end;
    writes = writes.then(() => line?.write(copy));
  }, opts);
  const plugIn = async (): Promise<void> => {
    if (end) return;
    const e = await openPtySimEndpoint(9600, { dir });
    e.onData((bytes) => {
      if (end === e) dispenser.receive(bytes);
    });
    end = e;
  };
  const unplug = async (): Promise<void> => {
    const e = end;
    if (!e) return;
    end = null;
    await e.close();
  };
  await plugIn();
  const path = join(dir, 'drv');
  let closed = false;
  return {
    path,
    dispenser,
    get plugged() {
      return end !== null;
    },
    setStock: (count) => dispenser.setStock(count),
    jamNextMotion: () => dispenser.jamNextMotion(),
    clearJam: () => dispenser.clearJam(),
    setCoverOpen: (open) => {
      dispenser.coverOpen = open;
    },
    emptyBin: () => dispenser.emptyBin(),
    takeCard: () => dispenser.takeCard(),
    setSilent: (silent) => {
      dispenser.silent = silent;
    },
    tearNextAnswers: (count) => dispenser.tearNextAnswers(count),
    setChipMute: (mute) => {
      dispenser.chipMute = mute;
    },
    sendRaw: async (bytes) => {
      await end?.write(bytes);
    },
    unplug,
    plugIn,
    async close() {
      if (closed) return;
      closed = true;
      dispenser.stop();
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
