// A signature covers the body's bytes as sent, so the hub must hash those bytes, not a
// re-serialisation of the parsed JSON. This JSON parser reads the body as a Buffer, notes
// its SHA-256, then hands it to fastify's own JSON parser, so size limits, parse errors
// and prototype-poisoning protection behave exactly as before.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const hashes = new WeakMap<FastifyRequest, string>();
const EMPTY_SHA256 = createHash('sha256').digest('hex');

export function installBodyHashing(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    hashes.set(request, createHash('sha256').update(bytes).digest('hex'));
    parseJson(request, bytes.toString('utf8'), done);
  });
}

/** Hex SHA-256 of the request body; of the empty string when no body was parsed. */
export function bodySha256(request: FastifyRequest): string {
  return hashes.get(request) ?? EMPTY_SHA256;
}
