// The assistance service: one per hub process. The socket layer hands it validated messages
// from authenticated parties; it answers through the parties' links. Refusals come back as
// `{type:'error', code, message, about}` on the sender's socket only.
import type { TimerHandle } from '../clock.js';
import { ASSIST_CLOSE_CODES, type ExpertInbound, type ExpertMessage, type KioskInbound, type KioskMessage } from '../../../protocol/assist-signaling.js';
import { AssistCluster, type AssistClusterOptions } from '../cluster/assist-cluster.js';
import { AssistContext, type AssistServiceOptions } from './assist-context.js';
import { endCall } from './call-control.js';
import { setClusterHooks } from './cluster-hooks.js';
import { installFanOut, supervisorSnapshot, toBreach } from './fan-out.js';
import { handleExpertMessage } from './expert-handlers.js';
import { abandon, handleKioskMessage } from './kiosk-handlers.js';
import { AssistError, isSupervisor, type AnyLink, type KioskLink, type StaffLink } from './peers.js';
import { connect, disconnect, isCurrent, revokeKiosk } from './presence.js';
import { hashSessionToken } from '../staff/session-tokens.node.js';

export type { AssistServiceOptions, DecisionFields, KioskCommandSink, KioskHealthSink } from './assist-context.js';

export class AssistService {
  private readonly ctx: AssistContext;
  private readonly fanOut: { forget(key: string): void };
  /** Set when several hub instances share the work (hub/assist/cluster); absent in one process. */
  private readonly cluster: AssistCluster | undefined;
  private refreshTimer: TimerHandle | undefined;
  private closed = false;

  constructor(options: AssistServiceOptions, cluster?: AssistClusterOptions) {
    this.ctx = new AssistContext(options);
    this.fanOut = installFanOut(this.ctx);
    if (cluster) {
      this.cluster = new AssistCluster(this.ctx, cluster);
      setClusterHooks(this.ctx, this.cluster);
    }
    this.ctx.onBreach = (event) => {
      const breach = toBreach(event);
      options.logger.warn({ ...breach }, 'assist: SLA breached');
      this.ctx.writes.fire('sla breach', () => options.store.recordBreach(event));
      for (const link of this.ctx.staff.values()) if (isSupervisor(link.party.profile)) link.send({ type: 'sla.breach', breach });
      this.cluster?.breachOccurred(breach);
      this.ctx.changed();
    };
    this.scheduleRefresh();
  }

  /** Resolves once the service has read what it shares with other instances (at once for one process). */
  get ready(): Promise<void> {
    return this.cluster?.ready ?? Promise.resolve();
  }

  connect(link: AnyLink): void {
    connect(this.ctx, link, (key) => this.fanOut.forget(key));
    this.cluster?.connected(link);
    if (link.party.kind === 'kiosk') this.ctx.options.kioskHealth?.connected(link.party.kioskId);
    if (link.party.kind === 'kiosk') this.ctx.options.kioskCommands?.connected(link.party.kioskId);
  }

  disconnect(link: AnyLink): void {
    if (this.closed) return;
    const wasCurrent = isCurrent(this.ctx, link);
    disconnect(this.ctx, link);
    if (wasCurrent) this.cluster?.disconnected(link);
    if (wasCurrent && link.party.kind === 'kiosk') this.ctx.options.kioskHealth?.disconnected(link.party.kioskId);
    if (wasCurrent && link.party.kind === 'kiosk') this.ctx.options.kioskCommands?.disconnected(link.party.kioskId);
  }

  /** A message for a kiosk whose socket is on this instance; false when it is not here. */
  sendToKiosk(kioskId: string, message: KioskInbound): boolean {
    const link = this.ctx.kiosks.get(kioskId);
    if (!link) return false;
    link.send(message);
    return true;
  }

  /** A message for every supervisor and admin connected to this instance (fleet alerts). */
  toSupervisors(message: ExpertInbound): void {
    for (const link of this.ctx.staff.values()) if (isSupervisor(link.party.profile)) link.send(message);
  }

  async handle(link: AnyLink, message: KioskMessage | ExpertMessage): Promise<void> {
    // Frames still arriving on a socket that was replaced or revoked (it is closing).
    if (!isCurrent(this.ctx, link)) {
      this.ctx.logger.info({ connId: link.connId, about: message.type }, 'assist: ignored a message from a socket that is no longer current');
      return;
    }
    try {
      if (this.cluster && (await this.cluster.intercept(link, message))) return;
      if (link.party.kind === 'kiosk') await handleKioskMessage(this.ctx, link as KioskLink, message as KioskMessage);
      else await handleExpertMessage(this.ctx, link as StaffLink, message as ExpertMessage);
    } catch (error) {
      if (error instanceof AssistError) {
        link.send({ type: 'error', code: error.code, message: error.message, about: message.type });
        return;
      }
      this.ctx.logger.error({ about: message.type, errMessage: error instanceof Error ? error.message : String(error) }, 'assist: handler failed');
      link.send({ type: 'error', code: 'INTERNAL', message: 'the hub failed to handle this message', about: message.type });
    }
  }

  /** A staff session ended (logout, account disabled, sign-in reset): its socket closes (4002) like one whose session expired. */
  staffSessionEnded(tokenHash: string): void {
    for (const link of this.ctx.staff.values()) {
      if (hashSessionToken(link.party.token) === tokenHash) link.close(ASSIST_CLOSE_CODES.sessionExpired, 'staff session ended');
    }
    // The session's socket may be on another instance: it closes there now, not at its next re-check.
    this.cluster?.staffSessionEnded(tokenHash);
  }

  /** An admin revoked the kiosk's key (see presence.revokeKiosk); the instances holding its socket or call act too. */
  revokeKiosk(kioskId: string): ReturnType<typeof revokeKiosk> {
    const here = revokeKiosk(this.ctx, kioskId);
    this.cluster?.kioskRevoked(kioskId);
    return here;
  }

  /** Counts for health pages, tests and the benchmark. */
  get stats(): { waiting: number; calls: number; kiosks: number; staff: number } {
    return { waiting: this.ctx.queue.size, calls: this.ctx.calls.size, kiosks: this.ctx.kiosks.size, staff: this.ctx.staff.size };
  }

  /** Resolves when every database write issued so far has settled. */
  flush(): Promise<void> {
    return this.ctx.writes.flush();
  }

  /** Hub shutdown: calls end (`hub-shutdown`), waiting requests are closed, writes flushed. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const sessionId of [...this.ctx.calls.keys()]) endCall(this.ctx, sessionId, 'hub-shutdown');
    // With several instances the waiting room is shared: its customers wait on, served elsewhere.
    if (!this.cluster) for (const request of this.ctx.queue.ordered()) abandon(this.ctx, request.requestId, 'abandoned', 'hub-shutdown');
    this.closed = true;
    this.cluster?.close();
    for (const handle of this.ctx.idleGrace.values()) this.ctx.clock.clearTimeout(handle);
    this.ctx.idleGrace.clear();
    if (this.refreshTimer) this.ctx.clock.clearTimeout(this.refreshTimer);
    await this.ctx.writes.flush();
  }

  // Waits grow while nothing happens; supervisors see them grow without asking.
  private scheduleRefresh(): void {
    const everyMs = (this.ctx.options.supervisorRefreshSec ?? 5) * 1000;
    this.refreshTimer = this.ctx.clock.setTimeout(() => {
      if (this.closed) return;
      const supervisors = [...this.ctx.staff.values()].filter((link) => isSupervisor(link.party.profile));
      if (supervisors.length > 0) {
        const snapshot = supervisorSnapshot(this.ctx);
        for (const link of supervisors) link.send(snapshot);
      }
      this.scheduleRefresh();
    }, everyMs);
  }
}
