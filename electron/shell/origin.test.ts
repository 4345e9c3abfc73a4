import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, INDEX_URL, isAppOrigin, isTrustedUrl, originOf } from './origin.js';

describe('originOf', () => {
  it.each([
    ['app://kiosk/index.html', 'app://kiosk'],
    ['app://kiosk', 'app://kiosk'],
    ['APP://Kiosk/x', 'app://kiosk'],
    ['https://hub.example:8443/v1?x', 'https://hub.example:8443'],
    ['app://kiosk@evil.example/', null],
    ['app:///index.html', null],
    ['javascript:alert(1)', null],
    ['about:blank', null],
    ['', null],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

describe('isAppOrigin / isTrustedUrl', () => {
  it('accepts the kiosk page only', () => {
    expect(APP_ORIGIN).toBe('app://kiosk');
    expect(INDEX_URL).toBe('app://kiosk/index.html');
    expect(isAppOrigin('app://kiosk')).toBe(true);
    expect(isAppOrigin('app://kiosk/assets/a.js')).toBe(true);
    expect(isAppOrigin('app://kiosk.evil.example/')).toBe(false);
    expect(isAppOrigin('app://kiosk:8080/')).toBe(false);
    expect(isAppOrigin('https://kiosk/')).toBe(false);
    expect(isAppOrigin('file:///opt/app/index.html')).toBe(false);
  });

  it('trusts IPC only from documents of the page, never from look-alikes', () => {
    expect(isTrustedUrl('app://kiosk/index.html')).toBe(true);
    expect(isTrustedUrl('app://kiosk')).toBe(false);
    expect(isTrustedUrl('app://kioskx/index.html')).toBe(false);
    expect(isTrustedUrl('app://kiosk@evil/index.html')).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(isTrustedUrl('devtools://devtools/bundled/inspector.html')).toBe(false);
  });
});
