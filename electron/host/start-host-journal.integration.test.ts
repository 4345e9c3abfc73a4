// A damaged outbox journal found at start reaches the host's log (kiosk.log, kioskctl diag),
// not only stderr.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { openLocalStore } from './local-store.node.js';
import { createLogger } from './log.node.js';
import { Outbox } from './outbox.node.js';
import { RECORD_HEADER_BYTES } from './outbox-journal-format.node.js';
import { JOURNAL_FILE } from './outbox-journal.node.js';
import { startHost } from './start-host.node.js';

it('logs a damaged outbox journal as an error when the host starts', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-journal-host-'));
  const db = await openLocalStore(dir);
  const outbox = new Outbox(db);
  await outbox.enqueue('t', { n: 1 });
  await outbox.enqueue('t', { n: 2 });
  await db.close();
  // The first record's body flipped, a valid one behind it: corruption, not a torn tail.
  const file = path.join(dir, JOURNAL_FILE);
  const buf = readFileSync(file);
  buf[RECORD_HEADER_BYTES + 3] = buf[RECORD_HEADER_BYTES + 3]! ^ 0xff;
  writeFileSync(file, buf);

  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }) });
  const config = loadConfig({ env: {}, file: null, overrides: { dataDir: dir, hubUrl: null, devices: [] } });
  const host = await startHost({ config, logger });
  await host.close();
  const damaged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; stop?: string }).find((l) => l.msg.startsWith('outbox journal damaged'));
  expect(damaged).toMatchObject({ level: 50, stop: 'CRC mismatch' });
});
