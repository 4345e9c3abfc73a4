// The Knowledge tab's HTTP calls to the hub (protocol/knowledge.ts), through the shared staff
// calls (api/staff-resource.ts): answers parsed with the protocol's schemas, a refusal a
// StaffResourceError with a stable code the view translates.
import {
  articleDetailSchema,
  articleListResponseSchema,
  articleVersionSchema,
  KNOWLEDGE_PATHS,
  type ArticleContent,
  type ArticleDetail,
  type ArticleSummary,
  type ArticleVersion,
} from '../../../protocol/knowledge.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson, type StaffMethod } from '../api/staff-resource.js';

const at = (template: string, articleId: string, version?: number) => template.replace(':articleId', encodeURIComponent(articleId)).replace(':version', String(version ?? ''));

export class KnowledgeClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async list(): Promise<ArticleSummary[]> {
    return articleListResponseSchema.parse(await this.json('GET', KNOWLEDGE_PATHS.list)).articles;
  }

  async detail(articleId: string): Promise<ArticleDetail> {
    return articleDetailSchema.parse(await this.json('GET', at(KNOWLEDGE_PATHS.detail, articleId)));
  }

  async version(articleId: string, version: number): Promise<ArticleVersion> {
    return articleVersionSchema.parse(await this.json('GET', at(KNOWLEDGE_PATHS.version, articleId, version)));
  }

  async create(slug: string, content: ArticleContent): Promise<ArticleDetail> {
    return articleDetailSchema.parse(await this.json('POST', KNOWLEDGE_PATHS.list, { slug, content }));
  }

  async save(articleId: string, baseVersion: number, content: ArticleContent): Promise<ArticleDetail> {
    return articleDetailSchema.parse(await this.json('POST', at(KNOWLEDGE_PATHS.save, articleId), { baseVersion, content }));
  }

  async publish(articleId: string, version: number): Promise<ArticleDetail> {
    return articleDetailSchema.parse(await this.json('POST', at(KNOWLEDGE_PATHS.publish, articleId), { version }));
  }

  async unpublish(articleId: string): Promise<ArticleDetail> {
    return articleDetailSchema.parse(await this.json('POST', at(KNOWLEDGE_PATHS.unpublish, articleId)));
  }

  async archive(articleId: string): Promise<ArticleDetail> {
    return articleDetailSchema.parse(await this.json('POST', at(KNOWLEDGE_PATHS.archive, articleId)));
  }

  private json(method: StaffMethod, path: string, body?: unknown): Promise<unknown> {
    return staffJson(this.fetchImpl, this.token, method, path, body);
  }
}
