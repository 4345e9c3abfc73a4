// The console side of the fleet benchmark, made of the console's own code running in Node:
// a staff member signs in through the real login (StaffClient), follows alert events on the
// live channel their role has — an admin's signaling socket carries `fleet.alert`
// (HubSocket, as hub-messages.ts feeds the fleet channel), an operations user long-polls the
// alert changes (followAlertChanges) — and keeps a fleet view as FleetView does: every event
// goes into the view as it came (fleet-view-state.ts) and the kiosks of the alert's branch are
// asked again; the whole fleet is loaded again every 5 s besides.
import WebSocket from 'ws';
import type { Alert, AlertNotice, FleetKiosk } from '../../protocol/fleet-alerts.js';
import { ASSIST_PATHS, type StaffRole } from '../../protocol/assist-values.js';
import { createStaffResponseSchema } from '../../protocol/staff-api.js';
import { StaffClient, type Fetch } from '../../renderer/console/api/staff-client.js';
import { followAlertChanges } from '../../renderer/console/fleet/alert-follower.js';
import { FleetClient } from '../../renderer/console/fleet/fleet-client.js';
import { sortAlerts } from '../../renderer/console/fleet/fleet-overview.js';
import { BranchRequests, withBranchKiosks, withNotice, type FleetViewData } from '../../renderer/console/fleet/fleet-view-state.js';
import { HubSocket } from '../../renderer/console/signaling/hub-socket.js';
import { totpCode } from '../../hub/assist/staff/totp.js';

/** FleetView's own timer. */
export const VIEW_REFRESH_MS = 5_000;

export interface FleetViewSnapshot {
  kiosks: FleetKiosk[];
  alerts: Alert[];
  /** performance.now() when the reload was asked for and when its answer was in. */
  askedAt: number;
  at: number;
}

export interface ObserverEvents {
  notice(notice: AlertNotice, at: number): void;
  view(snapshot: FleetViewSnapshot): void;
}

const fetchFrom =
  (baseUrl: string): Fetch =>
  (input, init) =>
    globalThis.fetch(`${baseUrl}${input}`, init);

/** Signs in through the console's login (password and the authenticator's current code). */
export async function signIn(baseUrl: string, who: { username: string; password: string; totpSecret: string }): Promise<string> {
  const session = await new StaffClient(fetchFrom(baseUrl)).login(who.username, who.password, totpCode(who.totpSecret, Date.now()));
  return session.token;
}

/** An account an admin makes through the staff API (as staff management does), then signed in. */
export async function createAndSignIn(baseUrl: string, adminSession: string, role: StaffRole): Promise<string> {
  const username = `bench.${role}.${process.pid}`;
  const password = `fleet benchmark ${role} passphrase`;
  const res = await fetch(`${baseUrl}${ASSIST_PATHS.staffUsers}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminSession}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username, displayName: `Bench ${role}`, role, password }),
  });
  if (!res.ok) throw new Error(`creating the ${role} account: HTTP ${res.status} ${await res.text()}`);
  const created = createStaffResponseSchema.parse(await res.json());
  return signIn(baseUrl, { username, password, totpSecret: created.totpSecret });
}

export class ConsoleObserver {
  private readonly client: FleetClient;
  private readonly stop = new AbortController();
  private socket: HubSocket | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private loading = false;
  private again = false;
  /** How long each full reload took (ms). */
  readonly reloadMs: number[] = [];
  /** How long each branch's kiosks took to come back after an event (ms): the view's share of the update latency. */
  readonly branchMs: number[] = [];
  private view: FleetViewData | null = null;
  /** Changes since a full reload was asked: its answer is older than the view, so it is dropped (as useStaffResource does). */
  private patches = 0;
  private readonly branchRequests = new BranchRequests();
  /** Reloads that failed (kept going: the view shows its last answer). */
  viewFailures = 0;
  socketStatus = 'none';

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly role: 'admin' | 'operations',
    private readonly events: ObserverEvents,
  ) {
    this.client = new FleetClient(token, fetchFrom(baseUrl));
  }

  /** Resolves once the live channel is listening and the view has loaded once. */
  async start(): Promise<void> {
    if (this.role === 'admin') await this.openSocket();
    else {
      const listening = new Promise<void>((resolve) => {
        // The follower's first answer only sets the cursor: it is listening after that.
        void followAlertChanges({
          changes: async (since, signal) => {
            const answer = await this.client.alertChanges(since, 25, signal);
            if (since === null) resolve();
            return answer;
          },
          emit: (notice) => this.onNotice(notice),
          signal: this.stop.signal,
        });
      });
      await listening;
    }
    await this.reload();
    this.timer = setInterval(() => void this.reload(), VIEW_REFRESH_MS);
  }

  /** The kiosk's alerts of every state (its detail panel's list): diagnosing a fault never seen. */
  async alertsOf(kioskId: string): Promise<Alert[]> {
    return (await this.client.kioskDetail(kioskId)).alerts;
  }

  close(): void {
    this.stop.abort();
    if (this.timer) clearInterval(this.timer);
    this.socket?.close();
  }

  private openSocket(): Promise<void> {
    return new Promise((resolve, reject) => {
      const url = `${this.baseUrl.replace(/^http/, 'ws')}${ASSIST_PATHS.socket}`;
      this.socket = new HubSocket({
        url,
        token: this.token,
        // ws implements the browser WebSocket interface HubSocket uses (onopen, onmessage…).
        WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
        sessionAlive: () => new StaffClient(fetchFrom(this.baseUrl)).sessionAlive(this.token),
        onStatus: (status) => {
          this.socketStatus = status;
          if (status === 'expired' || status === 'replaced') reject(new Error(`admin socket: ${status}`));
        },
        onMessage: (message) => {
          if (message.type === 'hello') resolve();
          if (message.type === 'fleet.alert') this.onNotice(message.notice);
        },
      });
    });
  }

  private onNotice(notice: AlertNotice): void {
    this.events.notice(notice, performance.now());
    if (!this.view) return;
    this.patch((view) => withNotice(view, notice), performance.now());
    const { branchId } = notice.alert;
    if (branchId === null) {
      void this.reload();
      return;
    }
    const askedAt = performance.now();
    const ticket = this.branchRequests.ask(branchId);
    this.client.kiosks(branchId).then(
      (kiosks) => {
        const at = performance.now();
        this.branchMs.push(at - askedAt);
        if (this.branchRequests.isNewest(branchId, ticket)) this.patch((view) => withBranchKiosks(view, branchId, kiosks, new Date().toISOString()), askedAt);
      },
      () => {
        this.viewFailures += 1;
      },
    );
  }

  /** `askedAt`: when what the change shows was asked of the hub. */
  private patch(update: (view: FleetViewData) => FleetViewData, askedAt: number): void {
    if (!this.view) return;
    this.patches += 1;
    this.view = update(this.view);
    this.events.view({ kiosks: this.view.kiosks, alerts: this.view.alerts, askedAt, at: performance.now() });
  }

  /** One reload at a time; asked for meanwhile, one more follows it. */
  private async reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    const askedAt = performance.now();
    const patchesBefore = this.patches;
    try {
      const [kiosks, alerts] = await Promise.all([this.client.kiosks(), this.client.activeAlerts()]);
      const at = performance.now();
      this.reloadMs.push(at - askedAt);
      if (this.view === null || this.patches === patchesBefore) {
        this.view = { kiosks, alerts: sortAlerts(alerts), at: new Date().toISOString() };
        this.events.view({ kiosks, alerts, askedAt, at });
      }
    } catch {
      this.viewFailures += 1;
    } finally {
      this.loading = false;
    }
    if (this.again && !this.stop.signal.aborted) {
      this.again = false;
      void this.reload();
    }
  }
}
