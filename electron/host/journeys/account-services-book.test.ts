import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { BridgeError } from '../../bridge/contract.js';
import { openLocalStore } from '../local-store.node.js';
import { silentLogger } from '../log.node.js';
import { Outbox } from '../outbox.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import { STATEMENT_PRINTED_TYPE } from '../../../protocol/account-services-item.js';
import { outboxEnquiryBook } from './account-services-book.node.js';

let db: SqliteDb | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await db?.close();
  db = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('keeps the record of a statement that was printed even while the hub is away (offline rules only gate what starts)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-enquiry-book-'));
  dirs.push(dir);
  db = await openLocalStore(path.join(dir, 'store'));
  const admitted: string[] = [];
  const outbox = new Outbox(db, {
    admit: async ({ type }) => {
      admitted.push(type);
      throw new BridgeError('OFFLINE_NOT_ALLOWED', 'not available while the hub is unreachable');
    },
  });
  // The same outbox refuses a new transaction…
  await expect(outbox.enqueue('bill.payment', { amountMinor: 100 })).rejects.toMatchObject({ code: 'OFFLINE_NOT_ALLOWED' });
  // …and keeps the record of what already happened.
  let kicked = 0;
  const book = outboxEnquiryBook(outbox, silentLogger(), () => kicked++);
  await book.record({
    type: STATEMENT_PRINTED_TYPE,
    item: {
      enquiryId: '01a249d4-f497-76eb-80e8-82e7992507f4',
      receiptNumber: 'K42-JXDDSX-01M94X9W9D',
      locale: 'zh-CN',
      maskedAccount: '6222 **** **** 0001',
      period: { from: '2026-11-01', to: '2026-11-30' },
      pages: 2,
      printedPages: 1,
      truncated: false,
      outcome: 'stopped',
    },
  });
  expect(admitted).toEqual(['bill.payment']);
  expect(kicked).toBe(1);
  const rows = await db.all<{ type: string; payload: string }>('SELECT type, payload FROM outbox');
  expect(rows.map((r) => r.type)).toEqual([STATEMENT_PRINTED_TYPE]);
  expect(JSON.parse(rows[0]!.payload)).toMatchObject({ receiptNumber: 'K42-JXDDSX-01M94X9W9D', outcome: 'stopped', printedPages: 1 });
});
