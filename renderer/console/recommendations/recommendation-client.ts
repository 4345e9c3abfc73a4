// The Recommendations tab's HTTP calls to the hub (protocol/recommendations.ts), through the
// shared staff calls: answers parsed with the protocol's schemas, a refusal a
// StaffResourceError with a stable code the view translates.
import { RECOMMENDATION_PATHS, ruleDetailSchema, ruleListResponseSchema, type RuleDefinition, type RuleDetail, type RuleSummary } from '../../../protocol/recommendations.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson, type StaffMethod } from '../api/staff-resource.js';

const at = (template: string, ruleId: string) => template.replace(':ruleId', encodeURIComponent(ruleId));

export class RecommendationClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async list(): Promise<RuleSummary[]> {
    return ruleListResponseSchema.parse(await this.json('GET', RECOMMENDATION_PATHS.list)).rules;
  }

  async detail(ruleId: string): Promise<RuleDetail> {
    return ruleDetailSchema.parse(await this.json('GET', at(RECOMMENDATION_PATHS.detail, ruleId)));
  }

  async create(definition: RuleDefinition, enabled: boolean): Promise<RuleDetail> {
    return ruleDetailSchema.parse(await this.json('POST', RECOMMENDATION_PATHS.list, { definition, enabled }));
  }

  async save(ruleId: string, baseVersion: number, definition: RuleDefinition): Promise<RuleDetail> {
    return ruleDetailSchema.parse(await this.json('PUT', at(RECOMMENDATION_PATHS.detail, ruleId), { baseVersion, definition }));
  }

  async setEnabled(ruleId: string, enabled: boolean): Promise<RuleDetail> {
    return ruleDetailSchema.parse(await this.json('POST', at(enabled ? RECOMMENDATION_PATHS.enable : RECOMMENDATION_PATHS.disable, ruleId)));
  }

  private json(method: StaffMethod, path: string, body?: unknown): Promise<unknown> {
    return staffJson(this.fetchImpl, this.token, method, path, body);
  }
}
