// Which browser permissions the kiosk page gets: camera and microphone for the video-call
// help, asked by our own page from its main frame. Everything else — geolocation,
// notifications, clipboard, HID/serial/USB from the web, display capture — is denied;
// devices are reached through the host, never from the page.
import { isAppOrigin } from './origin.js';

export interface PermissionDetailsLike {
  /** Request handler: the media kinds asked for. */
  mediaTypes?: readonly string[];
  /** Check handler: the single media kind being checked. */
  mediaType?: string;
  isMainFrame?: boolean;
}

const allowedMedia = new Set(['video', 'audio']);

export function decidePermission(permission: string, requestingOrigin: string, details: PermissionDetailsLike): boolean {
  if (permission !== 'media') return false;
  if (!isAppOrigin(requestingOrigin)) return false;
  if (details.isMainFrame === false) return false;
  const kinds = [...(details.mediaTypes ?? []), ...(details.mediaType === undefined ? [] : [details.mediaType])];
  // Fail closed: a media request that does not say what it wants is not granted.
  return kinds.length > 0 && kinds.every((k) => allowedMedia.has(k));
}

export interface PermissionSessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetailsLike & { requestingUrl: string }) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionDetailsLike) => boolean,
  ): void;
}

export interface DenialLogger {
  warn(obj: object, msg: string): void;
}

/** Installs both handlers; Electron consults the check handler for queries and the request handler for prompts. */
export function installPermissionHandlers(session: PermissionSessionLike, log: DenialLogger): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const granted = decidePermission(permission, details.requestingUrl, details);
    if (!granted) log.warn({ permission, origin: details.requestingUrl.slice(0, 200) }, 'shell: permission request denied');
    callback(granted);
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    decidePermission(permission, requestingOrigin, details),
  );
}
