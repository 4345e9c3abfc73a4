import { describe, expect, it } from 'vitest';
import { BACKGROUND_COLOR, buildWindowOptions, HIDE_CURSOR_CSS } from './window-options.js';

describe('buildWindowOptions', () => {
  const customer = buildWindowOptions({ serviceMode: false, preloadPath: '/app/dist/electron/preload.cjs' });
  const service = buildWindowOptions({ serviceMode: true, preloadPath: '/app/dist/electron/preload.cjs' });

  it.each([
    ['customer mode', customer],
    ['service mode', service],
  ])('keeps the renderer isolated and sandboxed in %s', (_mode, options) => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(BACKGROUND_COLOR);
  });

  it('locks the customer window: kiosk, fullscreen, frameless, no devtools', () => {
    expect(customer).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(customer.webPreferences.devTools).toBe(false);
  });

  it('gives the technician an ordinary window with devtools', () => {
    expect(service).toMatchObject({ kiosk: false, fullscreen: false, frame: true });
    expect(service.webPreferences.devTools).toBe(true);
  });

  it('paints the brand colour and hides the cursor with one rule', () => {
    expect(BACKGROUND_COLOR).toMatch(/^#[0-9a-f]{6}$/i);
    expect(HIDE_CURSOR_CSS).toMatch(/^\* \{ cursor: none !important; \}$/);
  });
});
