// Serves the built renderer over app://kiosk/<path>. Chromium normalises `..` before a
// request reaches us, but this resolver does not rely on that: anything that could name a
// file outside the renderer directory is refused with 404 before the file system is asked.
import path from 'node:path';
import { APP_ORIGIN } from './origin.js';

export type Resolution = { ok: true; filePath: string } | { ok: false; status: 404 };

const NOT_FOUND: Resolution = { ok: false, status: 404 };

/** Maps an app:// request URL to a file under rootDir, or refuses it. */
export function resolveAppPath(requestUrl: string, rootDir: string): Resolution {
  const prefix = `${APP_ORIGIN}/`;
  // The slash right after the host rules out ports, userinfo and look-alike hosts.
  if (!requestUrl.startsWith(prefix)) return NOT_FOUND;
  const raw = requestUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  // Encoded dots, slashes, backslashes and NUL have no business in our asset names.
  if (/%(2e|2f|5c|00)/i.test(raw) || raw.includes('\\')) return NOT_FOUND;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return NOT_FOUND;
  }
  const rel = decoded === '' ? 'index.html' : decoded;
  const segments = rel.split('/');
  // Empty segments catch `//etc/passwd` and trailing slashes; dot segments catch traversal.
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return NOT_FOUND;
  if (path.isAbsolute(rel) || /^[a-z]:/i.test(rel) || rel.includes('\0')) return NOT_FOUND;
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  if (!filePath.startsWith(root + path.sep)) return NOT_FOUND;
  return { ok: true, filePath };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.wasm': 'application/wasm',
};

/** With nosniff set, a wrong type breaks the page, so unknown extensions are opaque bytes. */
export function contentTypeFor(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppProtocolOptions {
  rootDir: string;
  readFile: (filePath: string) => Promise<Uint8Array<ArrayBuffer>>;
  /** CSP and friends; added to every response, errors included. */
  headers: Record<string, string>;
  onError?: (err: unknown, filePath: string) => void;
}

function isMissing(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

/** The function given to protocol.handle('app', …). */
export function createAppProtocolHandler(opts: AppProtocolOptions): (request: { url: string }) => Promise<Response> {
  const respond = (status: number, body: Uint8Array<ArrayBuffer> | string, type: string): Response =>
    new Response(body, {
      status,
      // no-cache: the page is reloaded after crashes and updates; it must not pin old assets.
      headers: { ...opts.headers, 'Content-Type': type, 'Cache-Control': 'no-cache' },
    });
  return async (request) => {
    const resolved = resolveAppPath(request.url, opts.rootDir);
    if (!resolved.ok) return respond(404, 'Not found', 'text/plain; charset=utf-8');
    try {
      const body = await opts.readFile(resolved.filePath);
      return respond(200, body, contentTypeFor(resolved.filePath));
    } catch (err) {
      if (isMissing(err)) return respond(404, 'Not found', 'text/plain; charset=utf-8');
      opts.onError?.(err, resolved.filePath);
      return respond(500, 'Internal error', 'text/plain; charset=utf-8');
    }
  };
}
