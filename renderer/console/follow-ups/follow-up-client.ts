// The Follow-ups view's HTTP calls to the hub (protocol/follow-ups.ts), same origin as the
// console. Answers are parsed with the protocol's schemas; a refusal becomes a stable code
// the view translates, never the hub's message.
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

export type FollowUpErrorCode = 'session-expired' | 'forbidden' | 'conflict' | 'not-found' | 'network' | 'unexpected';

export class FollowUpApiError extends Error {
  constructor(
    readonly code: FollowUpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function codeOf(status: number): FollowUpErrorCode {
  if (status === 401) return 'session-expired';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  return 'unexpected';
}

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

  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetchImpl(path, {
        method,
        credentials: 'omit',
        cache: 'no-store',
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new FollowUpApiError('network', error instanceof Error ? error.message : String(error));
    }
    if (!res.ok) throw new FollowUpApiError(codeOf(res.status), `${method} ${path} answered ${res.status}`);
    return res;
  }

  private async json(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return (await this.send(method, path, body)).json();
  }
}
