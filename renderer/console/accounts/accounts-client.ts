// Creating staff accounts (admins only): POST /v1/staff/users, same origin as the console.
import { ASSIST_PATHS } from '../../../protocol/assist-values.js';
import { createStaffResponseSchema, type CreateStaffRequest, type CreateStaffResponse } from '../../../protocol/staff-api.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson } from '../api/staff-resource.js';

export interface AccountsApi {
  create(request: CreateStaffRequest): Promise<CreateStaffResponse>;
}

export class AccountsClient implements AccountsApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async create(request: CreateStaffRequest): Promise<CreateStaffResponse> {
    return createStaffResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'POST', ASSIST_PATHS.staffUsers, request));
  }
}
