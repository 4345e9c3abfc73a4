// The statement now printing, kept on disk while its pages come out, so a host killed mid-way
// still closes the enquiry: at the next start the statement is recorded as stopped, with the
// pages known to be out, under the receipt number already on that paper (otherwise a customer
// holding page 1 would have a receipt number the hub never heard of). Written before each page
// (write to a temporary file, fsync, rename, fsync the directory) and removed once the journey
// has recorded the statement itself.
//
// The one window left: killed after the outbox made the statement's own row durable and before
// this file is removed, the next start adds a 'stopped' row for the same receipt number; the
// hub then holds both, and the 'printed' one says what happened.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { STATEMENT_PRINTED_TYPE, statementPrintedFieldsSchema, type StatementPrintedItem } from '../../../protocol/account-services-item.js';
import type { HostLogger } from '../log.node.js';
import type { EnquiryBook } from './account-services-ports.js';

/** The statement row as it stands: `printedPages` are the pages known to be out. */
export type StatementInPrint = Omit<StatementPrintedItem, 'outcome'>;

export interface StatementInPrintStore {
  save(statement: StatementInPrint): Promise<void>;
  clear(): Promise<void>;
  load(): Promise<StatementInPrint | null>;
}

const inPrintSchema = statementPrintedFieldsSchema.omit({ outcome: true });

async function fsyncPath(target: string, flags: string): Promise<void> {
  const handle = await open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function fileStatementInPrintStore(dataDir: string): StatementInPrintStore {
  const dir = path.join(dataDir, 'account-services');
  const file = path.join(dir, 'statement-in-print.json');
  return {
    async save(statement) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp`;
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(inPrintSchema.parse(statement)));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
      await fsyncPath(dir, 'r');
    },
    async clear() {
      await rm(file, { force: true });
    },
    async load() {
      const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (text === null) return null;
      const parsed = inPrintSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    },
  };
}

/** At host start: a statement left printing by a killed host is recorded as stopped. */
export async function recoverStatementInPrint(store: StatementInPrintStore, book: EnquiryBook, log: HostLogger): Promise<StatementInPrint | null> {
  let left: StatementInPrint | null;
  try {
    left = await store.load();
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'account-services: the statement left printing could not be read');
    return null;
  }
  if (!left) {
    await store.clear();
    return null;
  }
  await book.record({ type: STATEMENT_PRINTED_TYPE, item: { ...left, outcome: 'stopped' } });
  await store.clear();
  log.warn({ receiptNumber: left.receiptNumber, printedPages: left.printedPages, pages: left.pages }, 'account-services: a statement stopped by the host ending was recorded as stopped');
  return left;
}
