// Counts host crashes across restarts, for crash-loop detection after an update. A start marks
// the file "running"; a clean exit (stop, restart command, update restart) clears the mark. A
// start that finds the mark still set means the last run died without exiting: one crash.
// The count lives in a JSON file because the process that crashes is the one that counted.
import path from 'node:path';
import { z } from 'zod';
import { readJsonState, writeJsonState } from './json-state-file.node.js';

export const CRASH_FILE = 'host-crashes.json';
/** Old entries are dropped: a crash loop is judged over minutes, not a history. */
const KEEP_CRASHES = 50;

const crashStateSchema = z.object({
  running: z.boolean(),
  crashes: z.array(z.object({ at: z.number(), version: z.string() })),
});
type CrashState = z.infer<typeof crashStateSchema>;
const EMPTY: CrashState = { running: false, crashes: [] };

export class CrashCounter {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, CRASH_FILE);
  }

  /** At host start, before anything that could crash; returns whether the last run crashed. */
  async started(now: number, version: string): Promise<boolean> {
    const state = await this.read();
    const crashed = state.running;
    const crashes = crashed ? [...state.crashes, { at: now, version }].slice(-KEEP_CRASHES) : state.crashes;
    await writeJsonState(this.file, { running: true, crashes });
    return crashed;
  }

  /** Before a deliberate exit, so the next start does not count it as a crash. */
  async exitedCleanly(): Promise<void> {
    await writeJsonState(this.file, { ...(await this.read()), running: false });
  }

  /**
   * After a start that failed once the host had started (and its close marked a clean exit):
   * the mark is set again, so the next start counts this run as a crash. A build whose page
   * cannot be served exits 1 and is restarted like one that died; without this it would
   * look clean and never be rolled back.
   */
  async failedStart(): Promise<void> {
    await writeJsonState(this.file, { ...(await this.read()), running: true });
  }

  async since(at: number): Promise<number> {
    return (await this.read()).crashes.filter((crash) => crash.at >= at).length;
  }

  private read(): Promise<CrashState> {
    return readJsonState(this.file, crashStateSchema, EMPTY);
  }
}
