// The kiosk page lives at one origin, app://kiosk. Every trust decision in the shell
// (IPC senders, navigation, permissions) compares against it through these helpers, so
// there is one definition of "our page" instead of several string prefixes that can drift.

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of an absolute URL, lower-cased; null when there is none.
 * Node's URL reports origin "null" for non-special schemes such as app:, so it cannot
 * be used here; this parses the authority by hand instead.
 */
export function originOf(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\\]*)/i.exec(url);
  if (!m || m[2] === undefined || m[1] === undefined) return null;
  // Userinfo (`user@host`) is never legitimate for our page and is a classic spoofing trick.
  if (m[2].includes('@') || m[2] === '') return null;
  return `${m[1]}://${m[2]}`.toLowerCase();
}

/** True for a URL or origin belonging to the kiosk page. */
export function isAppOrigin(urlOrOrigin: string): boolean {
  return originOf(urlOrOrigin) === APP_ORIGIN;
}

/** IPC sender check handed to registerIpcBridge: a document of our page, nothing else. */
export function isTrustedUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) && isAppOrigin(url);
}
