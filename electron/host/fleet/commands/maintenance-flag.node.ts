// Maintenance ordered from the hub outlives a restart of the host: the flag is a file in the
// data dir, so a kiosk an operator took out of service does not quietly take customers again
// after a crash, a power cut or a remote restart. Only `leave-maintenance` (or a technician
// removing the file) brings it back.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteServiceControls } from '../../service-mode/service-mode.node.js';

export const MAINTENANCE_FILE = 'maintenance.json';

export async function maintenanceWasOn(dataDir: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(path.join(dataDir, MAINTENANCE_FILE), 'utf8')) as { on?: unknown }).on === true;
  } catch {
    return false;
  }
}

/** Service controls whose maintenance switch is also written to disk (best effort, warned). */
export function persistentMaintenance(service: RemoteServiceControls, dataDir: string, warn: (message: string) => void): RemoteServiceControls {
  const file = path.join(dataDir, MAINTENANCE_FILE);
  return {
    ...service,
    setMaintenance(on) {
      service.setMaintenance(on);
      const write = on ? writeFile(file, JSON.stringify({ on: true, since: new Date().toISOString() }), { mode: 0o600 }) : rm(file, { force: true });
      write.catch((err: unknown) => warn(`maintenance flag not ${on ? 'saved' : 'removed'}: ${(err as Error).message}`));
    },
  };
}
