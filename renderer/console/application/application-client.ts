// The expert's view of an account application (GET /v1/staff/account-applications/:id), same
// origin as the console, through the shared staff calls: the session's bearer token, no cache,
// a refusal as a stable code. The hub audits every view; the answer is parsed with the
// protocol's schema and kept only in the panel's state.
import { ACCOUNT_OPENING_PATHS, staffApplicationViewSchema, type StaffApplicationView } from '../../../protocol/account-opening.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson } from '../api/staff-resource.js';

export interface ApplicationApi {
  view(applicationId: string): Promise<StaffApplicationView>;
}

export class ApplicationClient implements ApplicationApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async view(applicationId: string): Promise<StaffApplicationView> {
    const path = `${ACCOUNT_OPENING_PATHS.staffView}/${encodeURIComponent(applicationId)}`;
    return staffApplicationViewSchema.parse(await staffJson(this.fetchImpl, this.token, 'GET', path));
  }
}
