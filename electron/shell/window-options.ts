// BrowserWindow options for the kiosk window. Every security-relevant webPreference is
// stated explicitly (not left to Electron's defaults, which have changed across versions),
// and the customer-facing lockdown (kiosk, fullscreen, frameless, no devtools) is lifted
// only in service mode, for a technician at the machine.

/** Brand primary from the design tokens; painted before the page loads so start-up shows no white flash. */
export const BACKGROUND_COLOR = '#0b3d91';

/** Injected into the page when config.ui.hideCursor is set (touch-only cabinets). */
export const HIDE_CURSOR_CSS = '* { cursor: none !important; }';

export interface KioskWindowOptions {
  show: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  frame: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  title: string;
  width: number;
  height: number;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
    navigateOnDragDrop: false;
    devTools: boolean;
  };
}

export function buildWindowOptions(opts: { serviceMode: boolean; preloadPath: string }): KioskWindowOptions {
  const locked = !opts.serviceMode;
  return {
    // Shown on ready-to-show, so the customer never sees a half-painted page.
    show: false,
    kiosk: locked,
    fullscreen: locked,
    frame: !locked,
    autoHideMenuBar: true,
    backgroundColor: BACKGROUND_COLOR,
    title: 'Branch Kiosk',
    // Only used in service mode, where the window is an ordinary one.
    width: 1280,
    height: 1024,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Dropping a file on the window would otherwise navigate to it.
      navigateOnDragDrop: false,
      devTools: opts.serviceMode,
    },
  };
}
