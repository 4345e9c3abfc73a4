import { describe, expect, it } from 'vitest';
import { FakeWebContents, fakeEvent, keyInput, memoryLogger } from './fake-electron.js';
import { lockDownWebContents, safeOpen } from './navigation.js';

describe('safeOpen', () => {
  it.each([
    ['app://kiosk/index.html', 'navigate'],
    ['app://kiosk/other.html#x', 'navigate'],
    ['https://hub.bank.example/', 'deny'],
    ['http://127.0.0.1:8080/', 'deny'],
    ['file:///etc/passwd', 'deny'],
    ['javascript:alert(1)', 'deny'],
    ['data:text/html,<script>1</script>', 'deny'],
    ['app://kiosk.evil/', 'deny'],
    ['app://kiosk@evil/', 'deny'],
    ['mailto:x@example.com', 'deny'],
    ['about:blank', 'deny'],
  ])('%s → %s', (url, decision) => {
    expect(safeOpen(url)).toBe(decision);
  });
});

describe('lockDownWebContents', () => {
  function locked(serviceMode = false) {
    const wc = new FakeWebContents();
    const log = memoryLogger();
    lockDownWebContents(wc, { serviceMode, log });
    return { wc, log };
  }

  it.each(['will-navigate', 'will-redirect'])('%s: denies other origins and allows the page', (name) => {
    const { wc, log } = locked();
    const away = fakeEvent();
    wc.emit(name, away, 'https://evil.example/phish');
    expect(away.defaultPrevented).toBe(true);
    expect(log.entries[0]).toMatchObject({ level: 'warn', obj: { kind: name } });
    const home = fakeEvent();
    wc.emit(name, home, 'app://kiosk/index.html');
    expect(home.defaultPrevented).toBe(false);
  });

  it('refuses every <webview>, even one pointing at the page', () => {
    const { wc } = locked();
    for (const src of ['https://evil.example/', 'app://kiosk/index.html']) {
      const event = fakeEvent();
      wc.emit('will-attach-webview', event, {}, { src });
      expect(event.defaultPrevented).toBe(true);
    }
  });

  it('denies every new window', () => {
    const { wc } = locked();
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
  });

  it('ignores a page that tries to veto unload', () => {
    const { wc } = locked();
    const event = fakeEvent();
    wc.emit('will-prevent-unload', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('swallows escape shortcuts for customers and not for technicians', () => {
    const customer = locked(false).wc;
    const technician = locked(true).wc;
    const a = fakeEvent();
    customer.emit('before-input-event', a, keyInput('F4', { alt: true }));
    const b = fakeEvent();
    technician.emit('before-input-event', b, keyInput('F4', { alt: true }));
    const c = fakeEvent();
    customer.emit('before-input-event', c, keyInput('a'));
    expect([a.defaultPrevented, b.defaultPrevented, c.defaultPrevented]).toEqual([true, false, false]);
  });
});
