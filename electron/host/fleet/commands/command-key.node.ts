// The hub's command-signing public key as this kiosk knows it: fetched once over the kiosk's
// signed link and pinned in the data dir (0600). Later a command signed by another key is
// refused (`unknown-key`) instead of the kiosk fetching and trusting whatever key is offered:
// a hub whose secret key changed needs a technician to remove the pin (or re-enroll).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commandKeyResponseSchema, FLEET_COMMAND_PATHS, type CommandKey } from '../../../../protocol/fleet-commands.js';
import type { Send } from '../../hub-send.node.js';

export const PINNED_KEY_FILE = 'hub-command-key.json';

export interface CommandKeyStore {
  keyFor(keyId: string): Promise<CommandKey | null>;
}

export function pinnedCommandKey(deps: { dataDir: string; kioskId: string; send: Send; warn(fields: Record<string, unknown>, message: string): void }): CommandKeyStore {
  const file = path.join(deps.dataDir, PINNED_KEY_FILE);
  let pinned: CommandKey | null = null;

  const readPinned = async (): Promise<CommandKey | null> => {
    try {
      return commandKeyResponseSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') deps.warn({ err: (err as Error).message }, 'fleet: pinned hub command key unreadable');
      return null;
    }
  };

  const fetchAndPin = async (): Promise<CommandKey | null> => {
    try {
      const reply = await deps.send('GET', FLEET_COMMAND_PATHS.key.replace(':kioskId', encodeURIComponent(deps.kioskId)));
      if (reply.status !== 200) return null;
      const key = commandKeyResponseSchema.parse(await reply.json());
      await writeFile(file, JSON.stringify(key), { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      // Another start may have pinned first: the file decides.
      return readPinned();
    } catch (err) {
      deps.warn({ err: (err as Error).message }, 'fleet: hub command key not fetched');
      return null;
    }
  };

  return {
    async keyFor(keyId) {
      pinned ??= (await readPinned()) ?? (await fetchAndPin());
      return pinned && pinned.keyId === keyId ? pinned : null;
    },
  };
}
