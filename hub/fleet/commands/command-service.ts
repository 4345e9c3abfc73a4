// Remote commands at the hub: an operator issues one, the hub signs and stores it, and sends
// it on the kiosk's signaling socket if that socket is on this instance. A kiosk that is
// offline, or connected to another instance, gets it from that instance's sweep or when it
// (re)connects; until the kiosk acknowledges, it is sent again from time to time (the kiosk
// runs a command id once, so a repeat costs nothing). Expired commands are never sent.
import type { Logger } from 'pino';
import { FLEET_COMMANDS, type CommandParams, type CommandResult, type FleetCommand, type SignedCommand } from '../../../protocol/fleet-commands.js';
import type { Clock, TimerHandle } from '../../assist/clock.js';
import type { Database } from '../../storage/queryable.js';
import type { CommandSigner } from './command-signer.node.js';
import * as store from './command-store.js';

export interface CommandServiceOptions {
  db: Database;
  signer: CommandSigner;
  clock: Clock;
  logger: Logger;
  /** Sweep period: expiry and re-sending unacknowledged commands to kiosks connected here. */
  sweepMs?: number;
  /** A command not acknowledged this long after it was sent here is sent again. */
  resendAfterMs?: number;
}

/** Sends one message on a kiosk's socket if it is connected to this instance. */
export type SendToKiosk = (kioskId: string, message: { type: 'command.deliver'; command: SignedCommand }) => boolean;

export interface Issuer {
  staffId: string;
  displayName: string;
}

export class CommandService {
  private send: SendToKiosk = () => false;
  private readonly connectedHere = new Set<string>();
  /** commandId → when this instance last sent it (re-sent after resendAfterMs without an ack). */
  private readonly sentAt = new Map<string, number>();
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly opts: CommandServiceOptions) {}

  get key() {
    return this.opts.signer.key;
  }

  /** The signaling layer comes up after this service; it hands over its send here. */
  attach(send: SendToKiosk): void {
    this.send = send;
  }

  start(): void {
    this.schedule();
  }

  async issue(kioskId: string, params: CommandParams, ttlSec: number | undefined, by: Issuer): Promise<FleetCommand> {
    const now = this.opts.clock.now();
    const signed = this.opts.signer.sign({
      commandId: globalThis.crypto.randomUUID(),
      kioskId,
      params,
      issuedBy: by.staffId,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + (ttlSec ?? FLEET_COMMANDS.defaultTtlSec) * 1000).toISOString(),
    });
    const command = await store.insertCommand(this.opts.db, signed, by.displayName);
    this.opts.logger.info({ commandId: command.commandId, kioskId, kind: params.kind, staffId: by.staffId, expiresAt: signed.expiresAt }, 'fleet: command issued');
    if (this.connectedHere.has(kioskId)) this.deliver(kioskId, [signed]);
    return command;
  }

  list(kioskId: string, limit = 30): Promise<FleetCommand[]> {
    return store.listForKiosk(this.opts.db, kioskId, limit);
  }

  get(commandId: string): Promise<FleetCommand | null> {
    return store.getCommand(this.opts.db, commandId);
  }

  auditTrail(commandId: string): ReturnType<typeof store.auditTrail> {
    return store.auditTrail(this.opts.db, commandId);
  }

  diagnostics(commandId: string): Promise<unknown> {
    return store.diagnosticsOf(this.opts.db, commandId);
  }

  connected(kioskId: string): void {
    this.connectedHere.add(kioskId);
    void this.deliverPending(kioskId);
  }

  disconnected(kioskId: string): void {
    this.connectedHere.delete(kioskId);
  }

  /** `command.ack` from the kiosk's socket. */
  async acknowledged(kioskId: string, commandId: string): Promise<void> {
    this.sentAt.delete(commandId);
    const first = await store.acknowledge(this.opts.db, kioskId, commandId, new Date(this.opts.clock.now()));
    if (!first) return;
    this.opts.logger.info({ commandId, kioskId }, 'fleet: command acknowledged by the kiosk');
  }

  /** The kiosk's signed result POST. */
  async result(kioskId: string, commandId: string, result: CommandResult): Promise<store.ResultAnswer> {
    this.sentAt.delete(commandId);
    const answer = await store.recordResult(this.opts.db, kioskId, commandId, result, new Date(this.opts.clock.now()));
    if (answer === 'stored') {
      const reason = result.outcome === 'succeeded' ? null : result.reason;
      this.opts.logger.info({ commandId, kioskId, outcome: result.outcome, reason }, 'fleet: command result');
    }
    return answer;
  }

  /** Expires due commands and re-sends unacknowledged ones to kiosks on this instance. */
  async sweep(): Promise<void> {
    const now = this.opts.clock.now();
    for (const expired of await store.expireDue(this.opts.db, new Date(now))) {
      this.sentAt.delete(expired.commandId);
      this.opts.logger.info(expired, 'fleet: command expired before the kiosk received it');
    }
    if (this.connectedHere.size === 0) return;
    const resendAfter = this.opts.resendAfterMs ?? 10_000;
    const pending = await store.allPending(this.opts.db, new Date(now));
    // Finished through another instance (its result came there): nothing left to re-send.
    const stillPending = new Set(pending.map((command) => command.commandId));
    for (const commandId of this.sentAt.keys()) if (!stillPending.has(commandId)) this.sentAt.delete(commandId);
    const due = pending.filter(
      (command) => this.connectedHere.has(command.kioskId) && now - (this.sentAt.get(command.commandId) ?? -Infinity) >= resendAfter,
    );
    for (const command of due) this.deliver(command.kioskId, [command]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
  }

  /** Everything still pending for a kiosk that just connected here. */
  private async deliverPending(kioskId: string): Promise<void> {
    try {
      this.deliver(kioskId, await store.pendingFor(this.opts.db, kioskId, new Date(this.opts.clock.now())));
    } catch (err) {
      this.opts.logger.warn({ kioskId, err: (err as Error).message }, 'fleet: pending commands not read');
    }
  }

  private deliver(kioskId: string, commands: readonly SignedCommand[]): void {
    for (const command of commands) {
      if (this.send(kioskId, { type: 'command.deliver', command })) this.sentAt.set(command.commandId, this.opts.clock.now());
    }
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = this.opts.clock.setTimeout(() => {
      void this.sweep()
        .catch((err: unknown) => this.opts.logger.warn({ err: (err as Error).message }, 'fleet: command sweep failed'))
        .finally(() => this.schedule());
    }, this.opts.sweepMs ?? 5_000);
  }
}
