// Hub → kiosk changes by cursor. The kiosk asks `GET /v1/kiosks/:kioskId/changes?cursor=&limit=`
// and stores each page's items and the page's cursor in ONE local transaction, so a kill at
// any instant either keeps both or neither and the next pull resumes where the last stored
// page ended. The wire schemas live in protocol/hub-api.ts, shared with the hub that serves them.
import type { ChangeKind, ChangesResponse } from '../../protocol/hub-api.js';
import type { SqliteDb } from './sqlite.node.js';

const CURSOR = 'hub.changes';

/** Local side of the pull: the cursor and the pulled items in the kiosk store. */
export class PulledState {
  constructor(private readonly db: SqliteDb) {}

  async cursor(): Promise<string | null> {
    return (await this.db.get<{ value: string }>('SELECT value FROM sync_cursor WHERE name = ?', [CURSOR]))?.value ?? null;
  }

  async apply(page: ChangesResponse): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction(async () => {
      for (const item of page.items) {
        await this.db.run(
          `INSERT INTO hub_items (kind, key, version, value, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version, value = excluded.value, updated_at = excluded.updated_at
           WHERE excluded.version >= hub_items.version`,
          [item.kind, item.key, item.version, item.value === null ? null : JSON.stringify(item.value), now],
        );
      }
      await this.db.run(
        'INSERT INTO sync_cursor (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [CURSOR, page.cursor, now],
      );
    });
  }

  async item(kind: ChangeKind, key: string): Promise<{ version: number; value: unknown } | null> {
    const row = await this.db.get<{ version: number; value: string | null }>('SELECT version, value FROM hub_items WHERE kind = ? AND key = ?', [kind, key]);
    if (!row) return null;
    return { version: row.version, value: row.value === null ? null : (JSON.parse(row.value) as unknown) };
  }
}
