// The queue catalog the kiosk offers: the one pulled from the hub when it is usable, the
// built-in default otherwise, with the source logged once per change.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_SERVICES_KEY, type ChangeItem } from '../../protocol/hub-api.js';
import type { QueueService } from '../bridge/contract.js';
import { openLocalStore } from './local-store.node.js';
import { QueueCatalog, defaultQueueServices } from './queue-catalog.js';
import type { SqliteDb } from './sqlite.node.js';
import { PulledState } from './sync-pull.node.js';

const pulledCatalog: QueueService[] = [
  { id: 'cards', prefix: 'K', name: { 'zh-CN': '银行卡业务', en: 'Cards' }, vip: false },
  { id: 'wealth', prefix: 'W', name: { 'zh-CN': '理财业务', en: 'Wealth management' }, vip: true },
];

let db: SqliteDb;
let pulled: PulledState;
let logs: { level: number; msg: string; version?: number; because?: string }[];
let catalog: QueueCatalog;
let cursor = 0;

beforeEach(async () => {
  db = await openLocalStore(mkdtempSync(path.join(os.tmpdir(), 'bk-catalog-')));
  pulled = new PulledState(db);
  logs = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });
  catalog = new QueueCatalog(pulled, log);
});
afterEach(async () => {
  await db.close();
});

/** Stores a pulled page as the sync engine does. */
async function pull(items: ChangeItem[]): Promise<void> {
  cursor += items.length;
  await pulled.apply({ items, cursor: String(cursor), hasMore: false });
}

const catalogItem = (version: number, value: unknown): ChangeItem => ({ kind: 'catalog', key: QUEUE_SERVICES_KEY, version, value });
const messages = () => logs.map((l) => l.msg);

describe('QueueCatalog', () => {
  it('offers the default before anything was pulled, and says so', async () => {
    expect(await catalog.services()).toEqual(defaultQueueServices);
    expect(catalog.snapshot()).toEqual(defaultQueueServices);
    expect(logs).toMatchObject([{ msg: 'queue catalog: using the built-in default', because: 'absent' }]);
  });

  it('offers the pulled catalog, for tickets too, logging the change of source once', async () => {
    await catalog.services();
    await pull([catalogItem(7, pulledCatalog)]);
    expect(await catalog.services()).toEqual(pulledCatalog);
    expect(catalog.snapshot()).toEqual(pulledCatalog);
    await catalog.services();
    expect(messages()).toEqual(['queue catalog: using the built-in default', 'queue catalog: using the catalog pulled from the hub']);
    expect(logs[1]).toMatchObject({ version: 7 });
  });

  it('falls back to the default, with a warning, when the pulled catalog is invalid', async () => {
    await pull([catalogItem(3, [{ ...pulledCatalog[0], prefix: 'lower' }])]);
    expect(await catalog.services()).toEqual(defaultQueueServices);
    expect(logs).toMatchObject([{ level: 40, msg: 'queue catalog: pulled catalog is invalid; using the built-in default', version: 3 }]);
  });

  it('refuses catalogs the shape alone would allow: duplicate prefixes, none at all', async () => {
    await pull([catalogItem(4, [pulledCatalog[0], { ...pulledCatalog[1], prefix: 'K' }])]);
    expect(await catalog.services()).toEqual(defaultQueueServices);
    await pull([catalogItem(5, [])]);
    expect(await catalog.services()).toEqual(defaultQueueServices);
    expect(logs.map((l) => l.version)).toEqual([4, 5]);
  });

  it('returns to the default when the hub deletes the catalog', async () => {
    await pull([catalogItem(1, pulledCatalog)]);
    expect(await catalog.services()).toEqual(pulledCatalog);
    await pull([catalogItem(2, null)]);
    expect(await catalog.services()).toEqual(defaultQueueServices);
    expect(logs.at(-1)).toMatchObject({ msg: 'queue catalog: using the built-in default', because: 'deleted' });
  });

  it('ignores catalog items under other keys', async () => {
    await pull([{ kind: 'catalog', key: 'brochures', version: 1, value: pulledCatalog }, { kind: 'config', key: QUEUE_SERVICES_KEY, version: 1, value: pulledCatalog }]);
    expect(await catalog.services()).toEqual(defaultQueueServices);
  });

  it('keeps offering the default when the local store cannot be read', async () => {
    const broken = new QueueCatalog({ item: () => Promise.reject(new Error('SQLITE_IOERR')) }, pino({ level: 'silent' }));
    expect(await broken.services()).toEqual(defaultQueueServices);
  });
});
