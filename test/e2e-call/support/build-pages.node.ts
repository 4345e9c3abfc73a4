// Builds the two pages a call needs from the current source with Vite's API: the kiosk page
// (vite.config.ts → dist/renderer) and the expert console (vite.console.config.ts →
// dist/console). Used by the call tests' global setup and the help-to-frame benchmark.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function buildCallPages(): Promise<void> {
  for (const configFile of ['vite.config.ts', 'vite.console.config.ts']) {
    await build({ configFile: path.join(ROOT, configFile), root: undefined, logLevel: 'error' });
  }
}
