// Test helpers for the command runner: a journal in memory with the sqlite journal's contract.
import type { CommandResult, SignedCommand } from '../../../../protocol/fleet-commands.js';
import type { CommandJournal, JournalEntry } from './command-journal.node.js';

export function memoryJournal(): CommandJournal & { entries: Map<string, JournalEntry> } {
  const entries = new Map<string, JournalEntry>();
  return {
    entries,
    get: async (commandId) => entries.get(commandId) ?? null,
    claim: async (command: SignedCommand) => {
      if (entries.has(command.commandId)) return false;
      entries.set(command.commandId, { commandId: command.commandId, kind: command.params.kind, result: null, reported: false });
      return true;
    },
    finish: async (commandId: string, result: CommandResult) => {
      const entry = entries.get(commandId);
      if (entry) entries.set(commandId, { ...entry, result, reported: false });
    },
    markReported: async (commandId) => {
      const entry = entries.get(commandId);
      if (entry) entries.set(commandId, { ...entry, reported: true });
    },
    unreported: async () => [...entries.values()].flatMap((e) => (e.result && !e.reported ? [{ commandId: e.commandId, result: e.result }] : [])),
  };
}
