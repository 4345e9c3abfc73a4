// Staff accounts (admins only), same origin as the console: create (POST /v1/staff/users), list
// (GET), disable or enable (PATCH /v1/staff/users/:staffId), reset sign-in (POST …/reset-sign-in).
import { ASSIST_PATHS } from '../../../protocol/assist-values.js';
import {
  createStaffResponseSchema,
  staffListResponseSchema,
  updateStaffResponseSchema,
  type CreateStaffRequest,
  type CreateStaffResponse,
  type StaffListing,
} from '../../../protocol/staff-api.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson } from '../api/staff-resource.js';

export interface AccountsApi {
  create(request: CreateStaffRequest): Promise<CreateStaffResponse>;
  list(): Promise<StaffListing[]>;
  setDisabled(staffId: string, disabled: boolean): Promise<StaffListing>;
  resetSignIn(staffId: string, password: string): Promise<CreateStaffResponse>;
}

export class AccountsClient implements AccountsApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async create(request: CreateStaffRequest): Promise<CreateStaffResponse> {
    return createStaffResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'POST', ASSIST_PATHS.staffUsers, request));
  }

  async list(): Promise<StaffListing[]> {
    return staffListResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'GET', ASSIST_PATHS.staffUsers)).users;
  }

  async setDisabled(staffId: string, disabled: boolean): Promise<StaffListing> {
    const path = ASSIST_PATHS.staffUser.replace(':staffId', encodeURIComponent(staffId));
    return updateStaffResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'PATCH', path, { disabled })).user;
  }

  async resetSignIn(staffId: string, password: string): Promise<CreateStaffResponse> {
    const path = ASSIST_PATHS.staffUserResetSignIn.replace(':staffId', encodeURIComponent(staffId));
    return createStaffResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'POST', path, { password }));
  }
}
