// The update policy's ledger on disk (see UpdateLedger): the watch over a freshly switched
// version and the releases refused here, so both survive the restart that an update is.
import path from 'node:path';
import { z } from 'zod';
import { readJsonState, writeJsonState } from './json-state-file.node.js';
import type { UpdateLedger } from './update-policy.js';

export const LEDGER_FILE = 'update-ledger.json';

const ledgerSchema = z.object({
  watching: z.object({ version: z.string(), previousVersion: z.string(), switchedAt: z.number() }).nullable(),
  rejected: z.array(z.string()),
});

export function fileLedger(dataDir: string): { load(): Promise<UpdateLedger>; save(ledger: UpdateLedger): Promise<void> } {
  const file = path.join(dataDir, LEDGER_FILE);
  return {
    load: () => readJsonState(file, ledgerSchema, { watching: null, rejected: [] }),
    save: (ledger) => writeJsonState(file, ledger),
  };
}
