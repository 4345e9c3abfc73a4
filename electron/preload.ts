// Preload for the sandboxed kiosk page: exposes `window.kiosk`, built from the bridge
// contract, and nothing else. The page never sees ipcRenderer, so it can only invoke the
// contract's requests and listen to the contract's events (DESIGN.md §3).
import { contextBridge, ipcRenderer } from 'electron';
import { buildKioskApi } from './bridge/ipc-preload.js';

contextBridge.exposeInMainWorld('kiosk', buildKioskApi(ipcRenderer));
