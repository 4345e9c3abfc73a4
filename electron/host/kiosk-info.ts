// `kiosk.info`: what the page needs to paint its first screen, from the config alone. Its own
// module so the headless host can inline it in the page before it loads start-host.
import type { KioskInfo } from '../bridge/contract.js';
import type { HostConfig } from './config.js';

export function kioskInfo(config: HostConfig, version: string): KioskInfo {
  return {
    kioskId: config.kioskId,
    branchName: config.branchName,
    defaultLocale: config.ui.defaultLocale,
    idleTimeoutMs: config.ui.idleTimeoutMs,
    idleWarningMs: config.ui.idleWarningMs,
    version,
    serviceMode: config.serviceMode,
  };
}
