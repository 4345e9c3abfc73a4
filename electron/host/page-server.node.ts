// Browser mode: serves the built kiosk page on loopback and carries the bridge over a
// WebSocket on the same origin. The per-launch token in the page URL is what lets the page
// in; it is never written to the logs. Requests must name this server in `Host`
// (127.0.0.1:<port> or localhost:<port>): a page on any other name reaching this port is a
// DNS-rebinding attempt, and gets nothing.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { attachWsBridge } from '../bridge/ws-server.node.js';
import { securityHeaders } from '../shell/csp.js';
import type { HostLogger } from './log.node.js';
import type { RunningHost } from './running-host.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  // The face check's tfjs binaries: compiled while streaming only when served as application/wasm.
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** The `Host` values a browser sends for this loopback server. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Resolves a URL path under `root`, refusing anything that would escape it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

export const KIOSK_INFO_ELEMENT_ID = 'kiosk-info';

/**
 * The kiosk page with `kiosk.info` in it as a JSON data block, so the attract screen paints
 * without waiting for the bridge socket and a round trip first (cold start). A data block is
 * never executed, so the page's CSP (script-src without 'unsafe-inline') holds; `<` is escaped so no value can
 * end the element early.
 */
async function withKioskInfo(file: string, host: PageHost): Promise<string> {
  const [html, info] = await Promise.all([readFile(file, 'utf8'), host.dispatch('kiosk.info', {})]);
  if (!info.ok) return html;
  const json = JSON.stringify(info.result).replace(/</g, '\\u003c');
  const block = `<script id="${KIOSK_INFO_ELEMENT_ID}" type="application/json">${json}</script>`;
  return html.includes('</head>') ? html.replace('</head>', `${block}</head>`) : `${block}${html}`;
}

export interface PageServer {
  url: string;
  /** The waiting room's wall display (renderer/wall), same host, same token. */
  wallUrl: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/**
 * What the page server needs of the host. The headless host serves the page while the rest of
 * the host still starts, with a dispatch that waits for it (headless-host.node.ts).
 */
export type PageHost = Pick<RunningHost, 'config' | 'dispatch'> & { events: Pick<RunningHost['events'], 'subscribe'> };

/** `onBridgeAnswer`: the bridge has sent a page (with the token, from this origin) an answer. */
export async function servePage(opts: { host: PageHost; rendererDir: string; port?: number; log: HostLogger; token?: string; onBridgeAnswer?: () => void }): Promise<PageServer> {
  const root = path.resolve(opts.rendererDir);
  if (!existsSync(path.join(root, 'index.html'))) throw new Error(`kiosk page not built: ${root}/index.html is missing (run npm run build:renderer)`);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const kioskPage = path.join(root, 'index.html');
  const headers = securityHeaders(opts.host.config.hubUrl);
  let origin = '';
  let hosts: string[] = [];

  const server: Server = createServer((req, res) => {
    if (!hosts.includes((req.headers.host ?? '').toLowerCase())) {
      opts.log.warn({ host: (req.headers.host ?? '').slice(0, 100) }, 'page server: request for a foreign Host refused');
      res.writeHead(421, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('misdirected request');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolveStaticPath(root, url.pathname) : null;
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const head = { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream', ...headers, 'cache-control': 'no-store' };
    if (file === kioskPage && req.method === 'GET') {
      void withKioskInfo(file, opts.host).then(
        (html) => res.writeHead(200, head).end(html),
        (err: unknown) => {
          opts.log.error({ err }, 'page server: kiosk page not served');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('kiosk page unavailable');
        },
      );
      return;
    }
    res.writeHead(200, head);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });

  const bridge = attachWsBridge({
    server,
    dispatch: opts.host.dispatch,
    events: opts.host.events,
    token,
    allowedOrigins: () => [origin],
    allowedHosts: () => hosts,
    log: opts.log,
    onAnswer: opts.onBridgeAnswer,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  hosts = loopbackHosts(port);
  return {
    url: `${origin}/?token=${token}`,
    wallUrl: `${origin}/wall.html?token=${token}`,
    origin,
    port,
    async close() {
      bridge.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
