// The Updates section's calls to the hub (protocol/software-updates.ts, fleet-webhook.ts),
// same origin as the console. An interface, so the views are tested with a fake hub.
import { FLEET_WEBHOOK_PATHS, webhookSettingsSchema, webhookTestResultSchema, type WebhookSettings, type WebhookSettingsRequest, type WebhookTestResult } from '../../../protocol/fleet-webhook.js';
import {
  releaseSchema,
  releasesResponseSchema,
  rolloutSchema,
  rolloutsResponseSchema,
  SOFTWARE_UPDATE_PATHS,
  versionsResponseSchema,
  type ChangeRolloutRequest,
  type Release,
  type ReleaseManifest,
  type Rollout,
  type StartRolloutRequest,
  type VersionsResponse,
} from '../../../protocol/software-updates.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson, type StaffMethod } from '../api/staff-resource.js';

export interface UpdatesApi {
  releases(): Promise<Release[]>;
  publish(manifest: ReleaseManifest): Promise<Release>;
  rollouts(): Promise<Rollout[]>;
  startRollout(request: StartRolloutRequest): Promise<Rollout>;
  changeRollout(rolloutId: string, change: ChangeRolloutRequest): Promise<Rollout>;
  versions(): Promise<VersionsResponse>;
}

export interface WebhookApi {
  webhook(): Promise<WebhookSettings>;
  saveWebhook(settings: WebhookSettingsRequest): Promise<WebhookSettings>;
  testWebhook(): Promise<WebhookTestResult>;
}

export class UpdatesClient implements UpdatesApi, WebhookApi {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  async releases(): Promise<Release[]> {
    return releasesResponseSchema.parse(await this.call('GET', SOFTWARE_UPDATE_PATHS.releases)).releases;
  }

  async publish(manifest: ReleaseManifest): Promise<Release> {
    return releaseSchema.parse(await this.call('POST', SOFTWARE_UPDATE_PATHS.releases, manifest));
  }

  async rollouts(): Promise<Rollout[]> {
    return rolloutsResponseSchema.parse(await this.call('GET', SOFTWARE_UPDATE_PATHS.rollouts)).rollouts;
  }

  async startRollout(request: StartRolloutRequest): Promise<Rollout> {
    return rolloutSchema.parse(await this.call('POST', SOFTWARE_UPDATE_PATHS.rollouts, request));
  }

  async changeRollout(rolloutId: string, change: ChangeRolloutRequest): Promise<Rollout> {
    return rolloutSchema.parse(await this.call('PATCH', SOFTWARE_UPDATE_PATHS.rollout.replace(':rolloutId', encodeURIComponent(rolloutId)), change));
  }

  async versions(): Promise<VersionsResponse> {
    return versionsResponseSchema.parse(await this.call('GET', SOFTWARE_UPDATE_PATHS.versions));
  }

  async webhook(): Promise<WebhookSettings> {
    return webhookSettingsSchema.parse(await this.call('GET', FLEET_WEBHOOK_PATHS.settings));
  }

  async saveWebhook(settings: WebhookSettingsRequest): Promise<WebhookSettings> {
    return webhookSettingsSchema.parse(await this.call('PUT', FLEET_WEBHOOK_PATHS.settings, settings));
  }

  async testWebhook(): Promise<WebhookTestResult> {
    return webhookTestResultSchema.parse(await this.call('POST', FLEET_WEBHOOK_PATHS.test));
  }

  private call(method: StaffMethod, path: string, body?: unknown): Promise<unknown> {
    return staffJson(this.fetchImpl, this.token, method, path, body);
  }
}
