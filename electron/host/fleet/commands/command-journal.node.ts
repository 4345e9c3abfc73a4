// The kiosk's memory of remote commands, in its sqlite store: each command id it accepted,
// and the result once there is one, and whether the hub has that result. This is what makes a
// command run once: a delivery whose id is here is a replay, answered from here. The table is
// created by this module (IF NOT EXISTS) rather than a numbered store migration, so the fleet
// code owns its one table without reordering anyone's migrations.
import { commandResultSchema, type CommandResult, type SignedCommand } from '../../../../protocol/fleet-commands.js';
import type { SqliteDb } from '../../sqlite.node.js';

export interface JournalEntry {
  commandId: string;
  kind: string;
  result: CommandResult | null;
  reported: boolean;
}

export interface CommandJournal {
  get(commandId: string): Promise<JournalEntry | null>;
  /** False when the id is known already (a replay); true when this call claimed it. */
  claim(command: SignedCommand, at: Date): Promise<boolean>;
  finish(commandId: string, result: CommandResult): Promise<void>;
  markReported(commandId: string): Promise<void>;
  /** Results the hub has not confirmed yet, oldest first. */
  unreported(): Promise<{ commandId: string; result: CommandResult }[]>;
}

interface Row {
  command_id: string;
  kind: string;
  result: string | null;
  reported: number;
}

const parse = (text: string | null): CommandResult | null => (text === null ? null : commandResultSchema.parse(JSON.parse(text)));

export async function openCommandJournal(db: SqliteDb): Promise<CommandJournal> {
  await db.exec(`CREATE TABLE IF NOT EXISTS fleet_command_journal (
    command_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    received_at TEXT NOT NULL,
    result TEXT,
    reported INTEGER NOT NULL DEFAULT 0
  )`);
  const get = async (commandId: string): Promise<JournalEntry | null> => {
    const row = await db.get<Row>('SELECT command_id, kind, result, reported FROM fleet_command_journal WHERE command_id = ?', [commandId]);
    return row ? { commandId: row.command_id, kind: row.kind, result: parse(row.result), reported: row.reported === 1 } : null;
  };
  return {
    get,
    async claim(command, at) {
      const { changes } = await db.run('INSERT OR IGNORE INTO fleet_command_journal (command_id, kind, issued_by, received_at) VALUES (?, ?, ?, ?)', [
        command.commandId,
        command.params.kind,
        command.issuedBy,
        at.toISOString(),
      ]);
      return changes === 1;
    },
    async finish(commandId, result) {
      await db.run('UPDATE fleet_command_journal SET result = ?, reported = 0 WHERE command_id = ?', [JSON.stringify(result), commandId]);
    },
    async markReported(commandId) {
      // The diagnostics bundle is for the hub, not the kiosk's disk: once sent it goes, and
      // the row keeps the outcome for replays.
      const entry = await get(commandId);
      const slim = entry?.result && entry.result.outcome === 'succeeded' && entry.result.diagnostics ? { ...entry.result, diagnostics: undefined } : entry?.result;
      await db.run('UPDATE fleet_command_journal SET reported = 1, result = ? WHERE command_id = ?', [slim ? JSON.stringify(slim) : null, commandId]);
    },
    async unreported() {
      const rows = await db.all<Row>('SELECT command_id, kind, result, reported FROM fleet_command_journal WHERE reported = 0 AND result IS NOT NULL ORDER BY received_at');
      return rows.flatMap((row) => {
        const result = parse(row.result);
        return result ? [{ commandId: row.command_id, result }] : [];
      });
    },
  };
}
