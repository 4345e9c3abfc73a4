// An outbox on a fresh store with the default sensitive fields encrypted under a random key,
// and a logger whose lines the test reads: what a host test needs to check that a row is
// stored encrypted at rest and logged masked.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FieldCipher, fieldKey } from './field-crypto.node.js';
import { openLocalStore } from './local-store.node.js';
import { createLogger } from './log.node.js';
import { outboxConfigSchema } from './outbox-config.js';
import { Outbox } from './outbox.node.js';

export async function encryptedOutboxWithLog(prefix: string) {
  const db = await openLocalStore(mkdtempSync(path.join(os.tmpdir(), prefix)));
  const key = fieldKey(randomBytes(32));
  const keys = { current: async () => key, byId: async (kid: string) => (kid === key.kid ? key.key : null) };
  const sensitive = outboxConfigSchema.parse({}).sensitiveFields;
  const outbox = new Outbox(db, { cipher: new FieldCipher(keys), sensitiveFields: (t) => sensitive[t] ?? [] });
  const lines: string[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return { db, outbox, log: createLogger({ level: 'info', destination: sink }), lines };
}
