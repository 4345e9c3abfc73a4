// The Analytics tab's HTTP calls (protocol/analytics.ts) through the shared staff calls:
// answers parsed with the protocol's schema, refusals a StaffResourceError with a stable code.
import { analyticsPath, analyticsResponseSchema, type AnalyticsQuery, type AnalyticsResponse, type AnalyticsView } from '../../../protocol/analytics.js';
import type { Fetch } from '../api/staff-client.js';
import { staffFetch, staffJson } from '../api/staff-resource.js';

/** The filters as the form holds them; empty fields are left out of the request. */
export type AnalyticsFilters = { [K in keyof AnalyticsQuery]?: string };

export function queryString(filters: AnalyticsFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value.trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class AnalyticsClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async view(view: AnalyticsView, filters: AnalyticsFilters): Promise<AnalyticsResponse> {
    return analyticsResponseSchema.parse(await staffJson(this.fetchImpl, this.token, 'GET', `${analyticsPath(view)}${queryString(filters)}`));
  }

  async csv(view: AnalyticsView, filters: AnalyticsFilters): Promise<Blob> {
    return (await staffFetch(this.fetchImpl, this.token, 'GET', `${analyticsPath(view, true)}${queryString(filters)}`)).blob();
  }
}
