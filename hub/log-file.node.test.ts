import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHubLogger } from './log-file.node.js';

describe('hub log file', () => {
  it('rotates HUB_LOG_FILE by size, every file 0600', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-hublog-'));
    const file = path.join(dir, 'log', 'hub.log');
    const { logger, close } = createHubLogger({ level: 'info', file, maxSize: '1K', files: 3 });
    for (let i = 0; i < 100; i++) logger.info({ i, kioskId: 'K01', reason: 'x'.repeat(60) }, 'enrollment refused');
    await close();
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['hub.log', 'hub.log.1', 'hub.log.2', 'hub.log.3']);
    for (const name of readdirSync(path.dirname(file))) expect(statSync(path.join(path.dirname(file), name)).mode & 0o777, name).toBe(0o600);
  });
});
