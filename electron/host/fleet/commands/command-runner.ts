// Runs the hub's remote commands on the kiosk, each at most once: verify (signature, kiosk,
// expiry), remember the id, acknowledge, run it through the host's services, keep the result
// and report it. A delivery whose id the journal knows is a replay: acknowledged again and
// answered with the stored result, never run again. A command that fails verification runs
// nothing and is answered with the reason. Every step is audited (kiosk log + audit trail).
import type { CommandKey, CommandRefusal, CommandResult, DiagnosticsBundle, SignedCommand } from '../../../../protocol/fleet-commands.js';
import type { CommandJournal } from './command-journal.node.js';
import { verifyCommand } from './command-verifier.node.js';

type Detail = Record<string, string | number | boolean | null>;

/** What an action says; the runner stamps the time. `after` runs once the result is kept and sent. */
export type ActionOutcome =
  | { outcome: 'succeeded'; detail?: Detail; diagnostics?: DiagnosticsBundle; after?: () => void }
  | { outcome: 'refused' | 'failed'; reason: CommandRefusal; detail?: Detail };

export type CommandAction = (command: SignedCommand) => Promise<ActionOutcome>;

export interface CommandRunnerDeps {
  kioskId: string;
  /** The pinned hub command key for this key id (null: not the pinned one, or none known). */
  keyFor(keyId: string): Promise<CommandKey | null>;
  journal: CommandJournal;
  action: CommandAction;
  /** `command.ack` on the signaling socket; false when it is down (the hub re-sends). */
  ack(commandId: string): boolean;
  /** POSTs the result; true once the hub has it (stored now or before). */
  report(commandId: string, result: CommandResult): Promise<boolean>;
  audit(event: string, command: Pick<SignedCommand, 'commandId' | 'issuedBy' | 'params'>, detail: Detail): void;
  now(): number;
}

export type Disposition = 'ran' | 'refused' | 'replayed';

export class CommandRunner {
  constructor(private readonly deps: CommandRunnerDeps) {}

  async receive(command: SignedCommand): Promise<{ disposition: Disposition; result: CommandResult | null }> {
    const { deps } = this;
    const known = await deps.journal.get(command.commandId);
    if (known) {
      deps.ack(command.commandId);
      deps.audit('replayed', command, { kind: command.params.kind, finished: known.result !== null });
      if (known.result && !known.reported) await this.send(command.commandId, known.result);
      return { disposition: 'replayed', result: known.result };
    }
    const verdict = verifyCommand(command, { kioskId: deps.kioskId, key: await deps.keyFor(command.keyId), now: deps.now() });
    if (!verdict.ok) return this.refuse(command, verdict.reason);
    // Claimed before it runs: a second delivery racing this one is a replay from here on.
    if (!(await deps.journal.claim(command, new Date(deps.now())))) return { disposition: 'replayed', result: null };
    deps.ack(command.commandId);
    deps.audit('accepted', command, { kind: command.params.kind, expiresAt: command.expiresAt });
    let outcome: ActionOutcome;
    try {
      outcome = await deps.action(command);
    } catch (err) {
      outcome = { outcome: 'failed', reason: 'failed', detail: { error: err instanceof Error ? err.name : 'error' } };
    }
    const result = this.stamp(outcome);
    await deps.journal.finish(command.commandId, result);
    deps.audit(result.outcome, command, { kind: command.params.kind, ...(result.outcome === 'succeeded' ? {} : { reason: result.reason }), ...(result.detail ?? {}) });
    await this.send(command.commandId, result);
    if (outcome.outcome === 'succeeded') outcome.after?.();
    return { disposition: 'ran', result };
  }

  /** Sends results the hub has not confirmed (after a reconnect or a restart). */
  async retryReports(): Promise<void> {
    for (const { commandId, result } of await this.deps.journal.unreported()) await this.send(commandId, result);
  }

  private async refuse(command: SignedCommand, reason: CommandRefusal): Promise<{ disposition: Disposition; result: CommandResult }> {
    const { deps } = this;
    const result: CommandResult = { outcome: 'refused', reason, finishedAt: new Date(deps.now()).toISOString() };
    deps.audit('refused', command, { kind: command.params.kind, reason });
    // Only a genuine hub command is remembered (an expired one): a forged id must not block a real one.
    if (reason === 'expired' && (await deps.journal.claim(command, new Date(deps.now())))) {
      await deps.journal.finish(command.commandId, result);
      deps.ack(command.commandId);
    }
    await this.send(command.commandId, result);
    return { disposition: 'refused', result };
  }

  private stamp(outcome: ActionOutcome): CommandResult {
    const finishedAt = new Date(this.deps.now()).toISOString();
    if (outcome.outcome === 'succeeded') {
      return { outcome: 'succeeded', finishedAt, ...(outcome.detail ? { detail: outcome.detail } : {}), ...(outcome.diagnostics ? { diagnostics: outcome.diagnostics } : {}) };
    }
    return { outcome: outcome.outcome, reason: outcome.reason, finishedAt, ...(outcome.detail ? { detail: outcome.detail } : {}) };
  }

  private async send(commandId: string, result: CommandResult): Promise<void> {
    const delivered = await this.deps.report(commandId, result).catch(() => false);
    if (delivered) await this.deps.journal.markReported(commandId).catch(() => undefined);
  }
}
