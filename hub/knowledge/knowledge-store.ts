// The knowledge base's storage (migration 18). An article's text lives only in its versions,
// which are never updated: a save appends the next one, publishing points the article at one
// of them. Each change is one transaction guarded by its precondition (the editor's base
// version, the article's status), so two editors or two hub instances cannot both win.
// After a change the article's published state is put into the kiosk pull contract
// (publishToKiosks), read again from the database so the last writer publishes the latest.
import { knowledgeItemKey, type ArticleAuditEntry, type ArticleContent, type ArticleDetail, type ArticleSummary, type ArticleVersion, type KioskArticle } from '../../protocol/knowledge.js';
import type { Clock } from '../assist/clock.js';
import { publishChange } from '../storage/change-queries.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { toIsoString } from '../storage/row-values.js';

export type KnowledgeOutcome<T> = { ok: true; value: T } | { ok: false; status: 404 | 409; code: 'NOT_FOUND' | 'CONFLICT'; message: string };

export interface KnowledgeStore {
  list(): Promise<ArticleSummary[]>;
  detail(articleId: string): Promise<KnowledgeOutcome<ArticleDetail>>;
  version(articleId: string, version: number): Promise<KnowledgeOutcome<ArticleVersion>>;
  create(slug: string, content: ArticleContent, actor: string): Promise<KnowledgeOutcome<ArticleDetail>>;
  save(articleId: string, baseVersion: number, content: ArticleContent, actor: string): Promise<KnowledgeOutcome<ArticleDetail>>;
  publish(articleId: string, version: number, actor: string): Promise<KnowledgeOutcome<ArticleDetail>>;
  unpublish(articleId: string, actor: string): Promise<KnowledgeOutcome<ArticleDetail>>;
  archive(articleId: string, actor: string): Promise<KnowledgeOutcome<ArticleDetail>>;
}

interface ArticleRow {
  article_id: string;
  slug: string;
  status: ArticleSummary['status'];
  latest_version: number;
  published_version: number | null;
  published_at: unknown;
  updated_by: string;
  updated_by_name: string;
  updated_at: unknown;
  content: ArticleContent;
}

const notFound = { ok: false, status: 404, code: 'NOT_FOUND', message: 'no such article' } as const;
const conflict = (message: string) => ({ ok: false, status: 409, code: 'CONFLICT', message }) as const;

// Staff ids are uuids; the demo seed writes as a name of its own, shown as it is.
const nameOf = (column: string) => `COALESCE((SELECT display_name FROM staff_users WHERE staff_id::text = ${column}), ${column})`;

const ARTICLE_SELECT = `
  SELECT a.article_id, a.slug, a.status, a.latest_version, a.published_version, a.published_at,
         a.updated_by, ${nameOf('a.updated_by')} AS updated_by_name, a.updated_at, v.content
  FROM knowledge_articles a JOIN knowledge_versions v ON v.article_id = a.article_id AND v.version = a.latest_version`;

function toSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.article_id,
    slug: row.slug,
    category: row.content.category,
    status: row.status,
    title: { 'zh-CN': row.content.text['zh-CN'].title, en: row.content.text.en.title },
    latestVersion: Number(row.latest_version),
    publishedVersion: row.published_version === null ? null : Number(row.published_version),
    updated: { by: row.updated_by, byName: row.updated_by_name, at: toIsoString(row.updated_at) },
  };
}

async function articleRow(db: Queryable, articleId: string): Promise<ArticleRow | null> {
  const { rows } = await db.query<ArticleRow>(`${ARTICLE_SELECT} WHERE a.article_id = $1`, [articleId]);
  return rows[0] ?? null;
}

async function audit(db: Queryable, articleId: string, event: ArticleAuditEntry['event'], version: number | null, actor: string, at: string): Promise<void> {
  await db.query('INSERT INTO knowledge_audit (article_id, event, version, actor, at) VALUES ($1, $2, $3, $4, $5)', [articleId, event, version, actor, at]);
}

async function detailOf(db: Queryable, articleId: string): Promise<KnowledgeOutcome<ArticleDetail>> {
  const row = await articleRow(db, articleId);
  if (!row) return notFound;
  const { rows: versions } = await db.query<{ version: number; created_by: string; by_name: string; created_at: unknown }>(
    `SELECT version, created_by, ${nameOf('created_by')} AS by_name, created_at FROM knowledge_versions WHERE article_id = $1 ORDER BY version DESC`,
    [articleId],
  );
  const { rows: entries } = await db.query<{ event: ArticleAuditEntry['event']; version: number | null; actor: string; by_name: string; at: unknown }>(
    `SELECT event, version, actor, ${nameOf('actor')} AS by_name, at FROM knowledge_audit WHERE article_id = $1 ORDER BY audit_id DESC`,
    [articleId],
  );
  return {
    ok: true,
    value: {
      ...toSummary(row),
      content: row.content,
      versions: versions.map((v) => ({ version: Number(v.version), by: v.created_by, byName: v.by_name, at: toIsoString(v.created_at) })),
      audit: entries.map((e) => ({ event: e.event, version: e.version === null ? null : Number(e.version), by: e.actor, byName: e.by_name, at: toIsoString(e.at) })),
    },
  };
}

/** What kiosks should hold for the article now: its published version, or nothing. */
async function kioskValue(db: Queryable, articleId: string): Promise<KioskArticle | null> {
  const { rows } = await db.query<{ slug: string; published_version: number | null; published_at: unknown; content: ArticleContent | null }>(
    `SELECT a.slug, a.published_version, a.published_at, v.content FROM knowledge_articles a
     LEFT JOIN knowledge_versions v ON v.article_id = a.article_id AND v.version = a.published_version
     WHERE a.article_id = $1`,
    [articleId],
  );
  const row = rows[0];
  if (!row || row.published_version === null || row.content === null) return null;
  return { id: articleId, slug: row.slug, version: Number(row.published_version), publishedAt: toIsoString(row.published_at), ...row.content };
}

/** Puts the article's published state into the pull contract (all kiosks); idempotent. */
export async function publishToKiosks(db: Database, articleId: string): Promise<void> {
  await publishChange(db, { scope: { kind: 'all' }, kind: 'catalog', key: knowledgeItemKey(articleId), value: await kioskValue(db, articleId) });
}

export function createKnowledgeStore(db: Database, clock: Pick<Clock, 'now'>): KnowledgeStore {
  const now = () => new Date(clock.now()).toISOString();

  /** Runs a change; on success re-publishes the article to kiosks and answers its detail. */
  async function change(articleId: string, work: (tx: Queryable, at: string) => Promise<KnowledgeOutcome<null>>, toKiosks: boolean): Promise<KnowledgeOutcome<ArticleDetail>> {
    const outcome = await db.transaction(async (tx) => work(tx, now()));
    if (!outcome.ok) return outcome;
    // After the commit: publishChange takes its own lock and transaction. Should it fail, the
    // route answers 500 and the editor's retry publishes again (publishing is idempotent).
    if (toKiosks) await publishToKiosks(db, articleId);
    return detailOf(db, articleId);
  }

  return {
    async list() {
      const { rows } = await db.query<ArticleRow>(`${ARTICLE_SELECT} ORDER BY a.status = 'archived', a.updated_at DESC, a.article_id`);
      return rows.map(toSummary);
    },

    detail: (articleId) => detailOf(db, articleId),

    async version(articleId, version) {
      const { rows } = await db.query<{ created_by: string; by_name: string; created_at: unknown; content: ArticleContent }>(
        `SELECT created_by, ${nameOf('created_by')} AS by_name, created_at, content FROM knowledge_versions WHERE article_id = $1 AND version = $2`,
        [articleId, version],
      );
      const row = rows[0];
      if (!row) return { ok: false, status: 404, code: 'NOT_FOUND', message: 'no such article version' };
      return { ok: true, value: { version, by: row.created_by, byName: row.by_name, at: toIsoString(row.created_at), content: row.content } };
    },

    async create(slug, content, actor) {
      const articleId = globalThis.crypto.randomUUID();
      return change(
        articleId,
        async (tx, at) => {
          const { rows } = await tx.query(
            `INSERT INTO knowledge_articles (article_id, slug, status, latest_version, updated_by, updated_at)
             VALUES ($1, $2, 'draft', 1, $3, $4) ON CONFLICT (slug) DO NOTHING RETURNING article_id`,
            [articleId, slug, actor, at],
          );
          if (rows.length === 0) return conflict(`an article with the slug "${slug}" exists`);
          await tx.query('INSERT INTO knowledge_versions (article_id, version, content, created_by, created_at) VALUES ($1, 1, $2, $3, $4)', [articleId, JSON.stringify(content), actor, at]);
          await audit(tx, articleId, 'created', 1, actor, at);
          return { ok: true, value: null };
        },
        false,
      );
    },

    async save(articleId, baseVersion, content, actor) {
      return change(
        articleId,
        async (tx, at) => {
          const { rows } = await tx.query<{ latest_version: number }>(
            `UPDATE knowledge_articles SET latest_version = latest_version + 1, updated_by = $3, updated_at = $4
             WHERE article_id = $1 AND latest_version = $2 AND status <> 'archived' RETURNING latest_version`,
            [articleId, baseVersion, actor, at],
          );
          const saved = rows[0];
          if (!saved) {
            const row = await articleRow(tx, articleId);
            if (!row) return notFound;
            if (row.status === 'archived') return conflict('this article is archived');
            return conflict(`version ${row.latest_version} was saved since version ${baseVersion}, by ${row.updated_by_name}: reload it first`);
          }
          await tx.query('INSERT INTO knowledge_versions (article_id, version, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [articleId, saved.latest_version, JSON.stringify(content), actor, at]);
          await audit(tx, articleId, 'saved', Number(saved.latest_version), actor, at);
          return { ok: true, value: null };
        },
        false,
      );
    },

    async publish(articleId, version, actor) {
      return change(
        articleId,
        async (tx, at) => {
          const { rows } = await tx.query(
            `UPDATE knowledge_articles a SET status = 'published', published_version = $2, published_at = $4, updated_by = $3, updated_at = $4
             WHERE a.article_id = $1 AND a.status <> 'archived'
               AND EXISTS (SELECT 1 FROM knowledge_versions v WHERE v.article_id = a.article_id AND v.version = $2)
             RETURNING a.article_id`,
            [articleId, version, actor, at],
          );
          if (rows.length === 0) {
            const row = await articleRow(tx, articleId);
            if (!row) return notFound;
            return conflict(row.status === 'archived' ? 'this article is archived' : `there is no version ${version}`);
          }
          await audit(tx, articleId, 'published', version, actor, at);
          return { ok: true, value: null };
        },
        true,
      );
    },

    async unpublish(articleId, actor) {
      return change(
        articleId,
        async (tx, at) => {
          const { rows } = await tx.query<{ version: number }>(
            `UPDATE knowledge_articles a SET status = 'draft', published_version = NULL, published_at = NULL, updated_by = $2, updated_at = $3
             FROM (SELECT published_version AS version FROM knowledge_articles WHERE article_id = $1) old
             WHERE a.article_id = $1 AND a.status = 'published' RETURNING old.version`,
            [articleId, actor, at],
          );
          if (rows.length === 0) return (await articleRow(tx, articleId)) ? conflict('this article is not published') : notFound;
          await audit(tx, articleId, 'unpublished', Number(rows[0]?.version ?? 0) || null, actor, at);
          return { ok: true, value: null };
        },
        true,
      );
    },

    async archive(articleId, actor) {
      return change(
        articleId,
        async (tx, at) => {
          const { rows } = await tx.query(
            `UPDATE knowledge_articles SET status = 'archived', published_version = NULL, published_at = NULL, updated_by = $2, updated_at = $3
             WHERE article_id = $1 AND status <> 'archived' RETURNING article_id`,
            [articleId, actor, at],
          );
          if (rows.length === 0) return (await articleRow(tx, articleId)) ? conflict('this article is already archived') : notFound;
          await audit(tx, articleId, 'archived', null, actor, at);
          return { ok: true, value: null };
        },
        true,
      );
    },
  };
}
