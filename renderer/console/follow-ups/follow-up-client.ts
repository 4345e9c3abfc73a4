// The Follow-ups view's HTTP calls to the hub (protocol/follow-ups.ts), through the shared
// staff calls (api/staff-resource.ts): answers are parsed with the protocol's schemas, a
// refusal is a StaffResourceError with a stable code the view translates.
import {
  FOLLOW_UP_PATHS,
  followUpCaseSchema,
  followUpDetailSchema,
  followUpListResponseSchema,
  voiceReportResponseSchema,
  type FollowUpCase,
  type FollowUpDetail,
  type FollowUpResolution,
  type FollowUpStatus,
  type VoiceReportRow,
} from '../../../protocol/follow-ups.js';
import type { Fetch } from '../api/staff-client.js';
import { staffFetch, staffJson } from '../api/staff-resource.js';

export interface CaseFilter {
  status?: FollowUpStatus;
  breachedOnly?: boolean;
}

const at = (template: string, caseId: string) => template.replace(':caseId', encodeURIComponent(caseId));

export class FollowUpClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async list(filter: CaseFilter = {}): Promise<FollowUpCase[]> {
    const query = new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), ...(filter.breachedOnly ? { breached: 'true' } : {}) });
    return followUpListResponseSchema.parse(await this.json('GET', `${FOLLOW_UP_PATHS.list}?${query.toString()}`)).cases;
  }

  async detail(caseId: string): Promise<FollowUpDetail> {
    return followUpDetailSchema.parse(await this.json('GET', at(FOLLOW_UP_PATHS.detail, caseId)));
  }

  async take(caseId: string): Promise<FollowUpCase> {
    return followUpCaseSchema.parse(await this.json('POST', at(FOLLOW_UP_PATHS.take, caseId)));
  }

  async addNote(caseId: string, text: string): Promise<FollowUpDetail> {
    return followUpDetailSchema.parse(await this.json('POST', at(FOLLOW_UP_PATHS.notes, caseId), { text }));
  }

  async setStatus(caseId: string, status: Exclude<FollowUpStatus, 'open'>, resolution?: FollowUpResolution): Promise<FollowUpCase> {
    return followUpCaseSchema.parse(await this.json('POST', at(FOLLOW_UP_PATHS.status, caseId), { status, ...(resolution ? { resolution } : {}) }));
  }

  async report(): Promise<VoiceReportRow[]> {
    return voiceReportResponseSchema.parse(await this.json('GET', FOLLOW_UP_PATHS.report)).rows;
  }

  /** The CSV as the hub wrote it (BOM included), for a download the browser saves. */
  async reportCsv(): Promise<Blob> {
    const res = await this.send('GET', FOLLOW_UP_PATHS.reportCsv);
    return new Blob([await res.arrayBuffer()], { type: 'text/csv;charset=utf-8' });
  }

  private send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    return staffFetch(this.fetchImpl, this.token, method, path, body);
  }

  private json(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return staffJson(this.fetchImpl, this.token, method, path, body);
  }
}
