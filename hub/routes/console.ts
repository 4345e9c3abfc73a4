// Serves the expert console (the Vite build in dist/console) at /console/. Same origin as
// the API and the signaling socket, so the page needs no CORS and its CSP can be strict:
// only its own scripts and styles, and connections only back to this hub (HTTP and ws/wss).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-replies.js';

export const CONSOLE_PREFIX = '/console/';
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/** A Host header we are willing to echo into the policy (no spaces, quotes or semicolons). */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function consoleCsp(request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  const ws = request.protocol === 'https' ? 'wss' : 'ws';
  // 'self' covers ws: in CSP 3 browsers; naming the socket origin also covers older ones.
  const socket = SAFE_HOST.test(request.host) ? ` ${ws}://${request.host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    // The customer's video and the expert's own camera are MediaStreams.
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function consoleHeaders(request: Pick<FastifyRequest, 'protocol' | 'host'>): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(request),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), payment=()',
  };
}

export interface ConsoleRouteOptions {
  /** The built console; defaults to dist/console of this checkout, or HUB_CONSOLE_DIR. */
  dir?: string;
}

export function registerConsoleRoutes(app: FastifyInstance, { dir = process.env.HUB_CONSOLE_DIR || DEFAULT_CONSOLE_DIR }: ConsoleRouteOptions = {}): void {
  app.register(async (scope) => {
    scope.addHook('onSend', async (request, reply, payload) => {
      reply.headers(consoleHeaders(request));
      return payload;
    });
    if (!existsSync(`${dir}/index.html`)) {
      app.log.warn({ dir }, 'hub: expert console not built; /console/ answers 404 (npm run build:console)');
      const notBuilt = (_request: FastifyRequest, reply: FastifyReply) =>
        sendError(reply, 404, 'NOT_FOUND', 'the expert console is not built on this hub: run npm run build:console');
      scope.get('/console', notBuilt);
      scope.get(`${CONSOLE_PREFIX}*`, notBuilt);
      return;
    }
    scope.get('/console', (_request, reply) => reply.redirect(CONSOLE_PREFIX, 301));
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: CONSOLE_PREFIX,
      decorateReply: false,
      index: 'index.html',
      cacheControl: false,
      // Vite names assets by content hash: cache them for good; the page itself never.
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store');
      },
    });
  });
}
