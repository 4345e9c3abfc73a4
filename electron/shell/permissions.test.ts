import { describe, expect, it } from 'vitest';
import { memoryLogger } from './fake-electron.js';
import { decidePermission, installPermissionHandlers, type PermissionDetailsLike, type PermissionSessionLike } from './permissions.js';

const page = 'app://kiosk';

describe('decidePermission', () => {
  it.each<[string, string, PermissionDetailsLike, boolean]>([
    ['media', page, { mediaTypes: ['video'] }, true],
    ['media', page, { mediaTypes: ['audio'] }, true],
    ['media', page, { mediaTypes: ['video', 'audio'] }, true],
    ['media', 'app://kiosk/index.html', { mediaTypes: ['video', 'audio'], isMainFrame: true }, true],
    ['media', page, { mediaType: 'video' }, true],
    ['media', page, { mediaType: 'audio' }, true],
    // Fail closed on anything unclear or foreign.
    ['media', page, { mediaType: 'unknown' }, false],
    ['media', page, { mediaTypes: [] }, false],
    ['media', page, {}, false],
    ['media', page, { mediaTypes: ['video', 'screen'] }, false],
    ['media', page, { mediaTypes: ['video'], isMainFrame: false }, false],
    ['media', 'https://evil.example', { mediaTypes: ['video'] }, false],
    ['media', 'app://kiosk.evil', { mediaTypes: ['video'] }, false],
    ['media', 'file://', { mediaTypes: ['audio'] }, false],
    ['media', '', { mediaTypes: ['audio'] }, false],
    // Nothing but media, even for our own page.
    ['display-capture', page, { mediaTypes: ['video'] }, false],
    ['geolocation', page, {}, false],
    ['notifications', page, {}, false],
    ['clipboard-read', page, {}, false],
    ['clipboard-sanitized-write', page, {}, false],
    ['hid', page, {}, false],
    ['serial', page, {}, false],
    ['usb', page, {}, false],
    ['fullscreen', page, {}, false],
    ['pointerLock', page, {}, false],
    ['openExternal', page, {}, false],
    ['midiSysex', page, {}, false],
    ['unknown', page, {}, false],
  ])('%s from %s %j → %s', (permission, origin, details, expected) => {
    expect(decidePermission(permission, origin, details)).toBe(expected);
  });
});

describe('installPermissionHandlers', () => {
  it('routes both Electron handlers through the decision and logs denied requests', () => {
    let request: Parameters<PermissionSessionLike['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<PermissionSessionLike['setPermissionCheckHandler']>[0] | null = null;
    const log = memoryLogger();
    installPermissionHandlers(
      { setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) },
      log,
    );
    const answers: boolean[] = [];
    request!({}, 'media', (g) => answers.push(g), { requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'], isMainFrame: true });
    request!({}, 'geolocation', (g) => answers.push(g), { requestingUrl: 'app://kiosk/index.html', isMainFrame: true });
    expect(answers).toEqual([true, false]);
    expect(log.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
    expect(check!(null, 'media', 'app://kiosk', { mediaType: 'audio', isMainFrame: true })).toBe(true);
    expect(check!(null, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
  });
});
