// The rules this kiosk holds: the `catalog`/`recommendations/<id>` items the sync engine pulled
// into the local store (hub_items), so a suggestion needs no hub and survives a restart. The
// parsed list is kept until those items change (one small query per ask notices).
import { kioskRuleSchema, RECOMMENDATION_ITEM_PREFIX, type KioskRule } from '../../../protocol/recommendations.js';
import type { HostLogger } from '../log.node.js';
import type { SqliteDb } from '../sqlite.node.js';

const ITEMS = `FROM hub_items WHERE kind = 'catalog' AND key >= ? AND key < ? AND value IS NOT NULL`;
// Every key with the prefix sorts between the prefix and the prefix with its last character's successor.
const RANGE = [RECOMMENDATION_ITEM_PREFIX, `${RECOMMENDATION_ITEM_PREFIX.slice(0, -1)}${String.fromCharCode(RECOMMENDATION_ITEM_PREFIX.charCodeAt(RECOMMENDATION_ITEM_PREFIX.length - 1) + 1)}`] as const;

export class PulledRules {
  private cached: { fingerprint: string; rules: readonly KioskRule[] } | null = null;

  constructor(
    private readonly db: SqliteDb,
    private readonly log: HostLogger,
  ) {}

  async rules(): Promise<readonly KioskRule[]> {
    const row = await this.db.get<{ n: number; newest: number | null }>(`SELECT count(*) AS n, max(version) AS newest ${ITEMS}`, [...RANGE]);
    const fingerprint = `${row?.n ?? 0}:${row?.newest ?? 0}`;
    if (this.cached?.fingerprint === fingerprint) return this.cached.rules;
    const rows = await this.db.all<{ key: string; value: string }>(`SELECT key, value ${ITEMS} ORDER BY key`, [...RANGE]);
    const rules: KioskRule[] = [];
    for (const item of rows) {
      // A kiosk older or newer than its hub may disagree on a rule's shape: that rule is left out, not all.
      const parsed = kioskRuleSchema.safeParse(JSON.parse(item.value));
      if (parsed.success) rules.push(parsed.data);
      else this.log.warn({ key: item.key }, 'recommendations: pulled rule is invalid; left out');
    }
    this.cached = { fingerprint, rules };
    return rules;
  }
}
