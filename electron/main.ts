// Electron main entry. Deliberately thin: it hands the real Electron modules and the host
// to startMain (electron/shell/start-main.ts), where all the behaviour lives and is tested
// against a fake Electron. Passing the modules here is also where the compiler checks that
// Electron really has the shapes electron/shell relies on.
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session, utilityProcess } from 'electron';
import { readFile } from 'node:fs/promises';
import { loadConfig } from './host/config.js';
import { createLogger, type HostLogger } from './host/log.node.js';
import { defaultWorkerEntry } from './host/devices/worker-launcher.node.js';
import { startHost } from './host/start-host.node.js';
import { startMain } from './shell/start-main.js';
import { utilityWorkerLauncher } from './shell/utility-worker-launcher.js';

/** Settles once the kiosk window exists (or with null when this process is not the kiosk). */
export const started = startMain<HostLogger>(
  { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session },
  {
    loadConfig: () => loadConfig(),
    createLogger: (config) => createLogger({ level: config.logLevel }),
    startHost: (config, logger) => startHost({ config, logger, launchDeviceWorker: utilityWorkerLauncher(utilityProcess, defaultWorkerEntry()) }),
    readFile: (filePath) => readFile(filePath),
  },
);
