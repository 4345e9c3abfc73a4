import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, fieldKey } from './field-crypto.node.js';
import { itemsJson } from './outbox-batch.node.js';
import { openLocalStore } from './local-store.node.js';
import { Outbox } from './outbox.node.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bk-batch-'));

describe('outbox batch built by SQLite', () => {
  it('is the same JSON, rows and order as pending() gives, awkward text included', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const payloads = [{ n: 1, text: 'quote " backslash \\ newline \n tab \t' }, { n: 2, text: '中文 émoji 😀 \u0001' }, { n: 3, nested: { list: [1, null, true] } }];
    for (const p of payloads) await outbox.enqueue('type "odd"', p);
    await outbox.markSendingRange(1, 1); // a resend sorts in by seq like the rest
    const batch = await outbox.batch(10);
    const rows = await outbox.pending(10);
    expect(batch?.ids).toEqual(rows.map((r) => r.id));
    expect([batch?.firstSeq, batch?.lastSeq]).toEqual([rows[0]?.seq, rows.at(-1)?.seq]);
    expect(JSON.parse(batch?.itemsJson ?? 'null')).toEqual(JSON.parse(itemsJson(rows)));
    expect((JSON.parse(batch?.itemsJson ?? '[]') as { payload: unknown }[]).map((i) => i.payload)).toEqual(payloads);
    expect((await outbox.batch(2, rows[0]!.seq))?.ids).toEqual(rows.slice(1, 3).map((r) => r.id));
    expect(await outbox.batch(10, rows.at(-1)!.seq)).toBeNull();
    await db.close();
  });

  it('opens sealed fields row by row: the hub gets them decrypted', async () => {
    const db = await openLocalStore(tmp());
    const key = fieldKey(randomBytes(32));
    const keys = { current: async () => key, byId: async (kid: string) => (kid === key.kid ? key.key : null) };
    const outbox = new Outbox(db, { cipher: new FieldCipher(keys), sensitiveFields: (t) => (t === 'account.open' ? ['idNumber'] : []) });
    await outbox.enqueue('t', { plain: true });
    await outbox.enqueue('account.open', { idNumber: '110101199003074514' });
    const items = JSON.parse((await outbox.batch(10))?.itemsJson ?? '[]') as { payload: Record<string, unknown> }[];
    expect(items.map((i) => i.payload)).toEqual([{ plain: true }, { idNumber: '110101199003074514' }]);
    await db.close();
  });
});
