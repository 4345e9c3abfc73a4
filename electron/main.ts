// Electron main entry. Deliberately thin: it hands the real Electron modules and the host
// to startMain (electron/shell/start-main.ts), where all the behaviour lives and is tested
// against a fake Electron. Passing the modules here is also where the compiler checks that
// Electron really has the shapes electron/shell relies on.
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session, utilityProcess } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './host/config.js';
import { createLogger, type HostLogger } from './host/log.node.js';
import { defaultWorkerEntry } from './host/devices/worker-launcher.node.js';
import { startHost } from './host/start-host.node.js';
import { HOST_JS_FLAGS } from './host/v8-flags.js';
import { chromiumSwitches } from './shell/chromium-switches.js';
import { startMain } from './shell/start-main.js';
import { lazySafeStorageKeyProvider, safeStorageProtection } from './shell/safe-storage.js';
import { utilityWorkerLauncher } from './shell/utility-worker-launcher.js';

// Renderers and child processes start with the host's V8 flags (see host/v8-flags.ts).
app.commandLine.appendSwitch('js-flags', HOST_JS_FLAGS.join(' '));
for (const name of chromiumSwitches(process.platform)) app.commandLine.appendSwitch(name);

/** Settles once the kiosk window exists (or with null when this process is not the kiosk). */
export const started = startMain<HostLogger>(
  { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session },
  {
    loadConfig: () => loadConfig(),
    // The same size-rotated, 0600 kiosk.log as `npm start` writes, in the kiosk's data dir.
    createLogger: (config) => createLogger({ level: config.logLevel, dataDir: config.dataDir }),
    startHost: (config, logger) => {
      // Under Electron the outbox field key and the hub credentials are sealed by the OS key
      // store; an unprotected Linux backend is refused unless the config accepts it.
      const keyStore = { allowBasicText: config.outbox.allowBasicTextKeyStore };
      return startHost({
        config,
        logger,
        launchDeviceWorker: utilityWorkerLauncher(utilityProcess, defaultWorkerEntry()),
        ...(config.outbox.keySource === 'auto' || config.outbox.keySource === 'safe-storage'
          ? { keyProvider: lazySafeStorageKeyProvider(safeStorage, path.join(config.dataDir, 'field.key.safe'), keyStore) }
          : {}),
        // Also opens the file-0600 credentials kioskctl enroll writes, and re-seals them.
        credentialsProtection: safeStorageProtection(safeStorage, keyStore),
      });
    },
    readFile: (filePath) => readFile(filePath),
  },
);
