// Keeps (at most) one signaling socket to the hub: opens it on demand, shares an opening in
// flight, drops it on purpose without its late callbacks firing, and after an unexpected
// close tries again on the injected reconnect policy's schedule until it works or gives up.
import type { KioskInbound, KioskMessage } from '../../../protocol/assist-signaling.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import { openHubSocket, type HubSocket, type OpenHubSocket } from './hub-socket.node.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

export interface SocketKeeperOptions {
  hubUrl: string;
  kioskId: string;
  sign: HubRequestSigner | null;
  log: HostLogger;
  openTimeoutMs: number;
  policy: ReconnectPolicy;
  openSocket?: OpenHubSocket;
  onMessage(message: KioskInbound): void;
  /** The socket closed without us asking (network, hub restart, replaced). */
  onLost(info: { code: number; reason: string }): void;
}

export interface ReconnectHooks {
  attemptFailed(attempts: number): void;
  reopened(): void;
  gaveUp(): void;
}

export class SocketKeeper {
  private socket: HubSocket | null = null;
  private opening: Promise<HubSocket> | null = null;
  /** Bumped whenever a socket is dropped or lost, so its late callbacks are ignored. */
  private generation = 0;
  private outage: { since: number; attempts: number; timer: ReturnType<typeof setTimeout> | null } | null = null;

  constructor(private readonly opts: SocketKeeperOptions) {}

  get open(): boolean {
    return this.socket !== null;
  }

  send(message: KioskMessage): boolean {
    return this.socket?.send(message) ?? false;
  }

  /** Sends on the open socket, or opens one for it; false when the hub cannot be reached. */
  async deliver(message: KioskMessage): Promise<boolean> {
    if (this.send(message)) return true;
    try {
      return (await this.ensure()).send(message);
    } catch {
      return false;
    }
  }

  /** The open socket, or the opening in flight, or a new one. */
  ensure(): Promise<HubSocket> {
    if (this.socket) return Promise.resolve(this.socket);
    if (this.opening) return this.opening;
    const generation = this.generation;
    const alive = () => generation === this.generation;
    const opened = (this.opts.openSocket ?? openHubSocket)({
      hubUrl: this.opts.hubUrl,
      kioskId: this.opts.kioskId,
      sign: this.opts.sign,
      log: this.opts.log,
      openTimeoutMs: this.opts.openTimeoutMs,
      onMessage: (message) => alive() && this.opts.onMessage(message),
      onClose: (info) => {
        if (!alive()) return;
        this.generation += 1;
        this.socket = null;
        this.opts.onLost(info);
      },
    });
    this.opening = opened
      .then((socket) => {
        // Dropped while opening (the customer left): this socket is not wanted any more.
        if (!alive()) {
          socket.close();
          throw new Error('assist socket dropped while opening');
        }
        this.socket = socket;
        return socket;
      })
      .finally(() => {
        if (alive()) this.opening = null;
      });
    return this.opening;
  }

  /** Closes on purpose; stops any reconnecting. */
  drop(): void {
    this.stopReconnecting();
    this.generation += 1;
    this.opening = null;
    this.socket?.close();
    this.socket = null;
  }

  /** Starts (or continues) an outage: attempts on the policy's schedule. */
  reconnect(hooks: ReconnectHooks): void {
    this.outage ??= { since: Date.now(), attempts: 0, timer: null };
    this.scheduleNext(hooks);
  }

  stopReconnecting(): void {
    if (this.outage?.timer) clearTimeout(this.outage.timer);
    this.outage = null;
  }

  private scheduleNext(hooks: ReconnectHooks): void {
    const outage = this.outage;
    if (!outage) return;
    const delay = this.opts.policy.nextRetryDelayMs({ retryCount: outage.attempts, elapsedMs: Date.now() - outage.since });
    if (delay === null) {
      this.stopReconnecting();
      return hooks.gaveUp();
    }
    if (outage.timer) clearTimeout(outage.timer);
    outage.timer = setTimeout(() => void this.attempt(outage, hooks), delay);
  }

  private async attempt(outage: NonNullable<SocketKeeper['outage']>, hooks: ReconnectHooks): Promise<void> {
    if (this.outage !== outage) return;
    outage.timer = null;
    outage.attempts += 1;
    try {
      await this.ensure();
    } catch (err) {
      if (this.outage !== outage) return;
      this.opts.log.warn({ attempt: outage.attempts, err: (err as Error).message }, 'assist: reconnect attempt failed');
      hooks.attemptFailed(outage.attempts);
      return this.scheduleNext(hooks);
    }
    if (this.outage !== outage) return;
    this.outage = null;
    hooks.reopened();
  }
}
