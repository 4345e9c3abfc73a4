// The fleet view's HTTP calls to the hub (protocol/fleet-alerts.ts), same origin as the
// console. Answers are parsed with the protocol's schemas; a refusal becomes a stable code
// the view translates, never the hub's message.
import { z } from 'zod';
import {
  alertChangesResponseSchema,
  alertSchema,
  FLEET_PATHS,
  fleetHistoryEntrySchema,
  fleetKiosksResponseSchema,
  type Alert,
  type AlertChangesResponse,
  type FleetHistoryEntry,
  type FleetKiosk,
} from '../../../protocol/fleet-alerts.js';
import { diagnosticsBundleSchema, FLEET_COMMAND_PATHS, fleetCommandSchema, fleetCommandsResponseSchema, type CommandParams, type DiagnosticsBundle, type FleetCommand } from '../../../protocol/fleet-commands.js';
import type { Fetch } from '../api/staff-client.js';
import { staffJson, StaffResourceError, type StaffResourceErrorCode } from '../api/staff-resource.js';

// The shared staff-API error (api/staff-resource.ts), under the names the fleet code knows.
export { StaffResourceError as FleetApiError, type StaffResourceErrorCode as FleetErrorCode };

const alertsResponseSchema = z.object({ alerts: z.array(alertSchema) });
const historyResponseSchema = z.object({ kioskId: z.string(), history: z.array(fleetHistoryEntrySchema) });

export class FleetClient {
  constructor(
    private readonly token: string,
    private readonly fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  /** Every kiosk, or those of one branch. */
  async kiosks(branchId?: string): Promise<FleetKiosk[]> {
    const query = branchId === undefined ? '' : `?branchId=${encodeURIComponent(branchId)}`;
    return fleetKiosksResponseSchema.parse(await this.call('GET', `${FLEET_PATHS.kiosks}${query}`)).kiosks;
  }

  /** Unresolved alerts, newest first. */
  async activeAlerts(): Promise<Alert[]> {
    return alertsResponseSchema.parse(await this.call('GET', `${FLEET_PATHS.alerts}?state=active&limit=200`)).alerts;
  }

  /** One kiosk's recent events and its alerts of every state, for its detail panel. */
  async kioskDetail(kioskId: string): Promise<{ history: FleetHistoryEntry[]; alerts: Alert[] }> {
    const id = encodeURIComponent(kioskId);
    const [history, alerts] = await Promise.all([
      this.call('GET', `${FLEET_PATHS.kioskHistory.replace(':kioskId', id)}?limit=30`),
      this.call('GET', `${FLEET_PATHS.alerts}?state=all&kioskId=${id}&limit=30`),
    ]);
    return { history: historyResponseSchema.parse(history).history, alerts: alertsResponseSchema.parse(alerts).alerts };
  }

  /** Long poll (protocol FLEET_PATHS.alertChanges); `signal` ends it early (leaving the tab, signing out). */
  async alertChanges(since: string | null, waitSec: number, signal: AbortSignal): Promise<AlertChangesResponse> {
    const query = new URLSearchParams({ waitSec: String(waitSec), ...(since ? { since } : {}) });
    const withSignal: Fetch = (input, init) => this.fetchImpl(input, { ...init, signal });
    return alertChangesResponseSchema.parse(await staffJson(withSignal, this.token, 'GET', `${FLEET_PATHS.alertChanges}?${query.toString()}`));
  }

  async acknowledge(alertId: string): Promise<Alert> {
    return alertSchema.parse(await this.call('POST', FLEET_PATHS.acknowledge.replace(':alertId', encodeURIComponent(alertId))));
  }

  /** A remote command for one kiosk (admins and supervisors). */
  async issueCommand(kioskId: string, params: CommandParams): Promise<FleetCommand> {
    return fleetCommandSchema.parse(await this.call('POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', encodeURIComponent(kioskId)), { params }));
  }

  /** The kiosk's recent commands, newest first, with status and results. */
  async commands(kioskId: string): Promise<FleetCommand[]> {
    return fleetCommandsResponseSchema.parse(await this.call('GET', FLEET_COMMAND_PATHS.list.replace(':kioskId', encodeURIComponent(kioskId)))).commands;
  }

  async diagnostics(commandId: string): Promise<DiagnosticsBundle> {
    return diagnosticsBundleSchema.parse(await this.call('GET', FLEET_COMMAND_PATHS.diagnostics.replace(':commandId', encodeURIComponent(commandId))));
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return staffJson(this.fetchImpl, this.token, method, path, body);
  }
}
