// The articles this kiosk holds: the `catalog`/`knowledge/<id>` items the sync engine pulled
// into the local store (hub_items, sqlite), so they are there offline and after a restart.
// The search index is rebuilt only when those items change — detected per request by one
// small query (count and newest version) — so a keystroke costs a scan, not a rebuild.
import { KNOWLEDGE_ITEM_PREFIX, kioskArticleSchema, type KioskArticle, type KnowledgeCategory, type KnowledgeLocale } from '../../../protocol/knowledge.js';
import type { KnowledgeHit } from '../../bridge/knowledge-contract.js';
import type { HostLogger } from '../log.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import { KnowledgeIndex } from './knowledge-index.js';
import type { PinyinReader } from './pinyin.js';

const ITEMS = `FROM hub_items WHERE kind = 'catalog' AND key >= ? AND key < ? AND value IS NOT NULL`;
// Every key with the prefix sorts between the prefix and the prefix with its last character's successor.
const RANGE = [KNOWLEDGE_ITEM_PREFIX, `${KNOWLEDGE_ITEM_PREFIX.slice(0, -1)}${String.fromCharCode(KNOWLEDGE_ITEM_PREFIX.charCodeAt(KNOWLEDGE_ITEM_PREFIX.length - 1) + 1)}`] as const;

export class KnowledgeBase {
  private index: { fingerprint: string; index: KnowledgeIndex } | null = null;
  private building: Promise<KnowledgeIndex> | null = null;

  constructor(
    private readonly db: SqliteDb,
    private readonly pinyin: () => Promise<PinyinReader>,
    private readonly log: HostLogger,
  ) {}

  async search(query: string, locale: KnowledgeLocale, options: { category?: KnowledgeCategory | undefined; limit?: number | undefined } = {}): Promise<KnowledgeHit[]> {
    return (await this.current()).search(query, locale, options);
  }

  async article(id: string): Promise<KioskArticle | null> {
    return (await this.current()).article(id);
  }

  private async current(): Promise<KnowledgeIndex> {
    const row = await this.db.get<{ n: number; newest: number | null }>(`SELECT count(*) AS n, max(version) AS newest ${ITEMS}`, [...RANGE]);
    const fingerprint = `${row?.n ?? 0}:${row?.newest ?? 0}`;
    if (this.index?.fingerprint === fingerprint) return this.index.index;
    // Keystrokes arriving while the index builds share the one build.
    this.building ??= this.build(fingerprint).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(fingerprint: string): Promise<KnowledgeIndex> {
    const rows = await this.db.all<{ key: string; value: string }>(`SELECT key, value ${ITEMS} ORDER BY key`, [...RANGE]);
    const articles: KioskArticle[] = [];
    for (const row of rows) {
      // The hub validates what it publishes; a kiosk older or newer than its hub may still
      // disagree on the shape, and then leaves that article out rather than the whole base.
      const parsed = kioskArticleSchema.safeParse(JSON.parse(row.value));
      if (parsed.success) articles.push(parsed.data);
      else this.log.warn({ key: row.key }, 'knowledge: pulled article is invalid; left out');
    }
    const index = new KnowledgeIndex(articles, await this.pinyin());
    this.index = { fingerprint, index };
    this.log.info({ articles: articles.length }, 'knowledge: article index built');
    return index;
  }
}
