import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignedCommand } from '../../../../protocol/fleet-commands.js';
import { commandSigner } from '../../../../hub/fleet/commands/command-signer.node.js';
import { openLocalStore } from '../../local-store.node.js';
import { openCommandJournal } from './command-journal.node.js';

const signer = commandSigner({ key: Buffer.alloc(32, 3) });
const command = (): SignedCommand =>
  signer.sign({
    commandId: globalThis.crypto.randomUUID(),
    kioskId: 'K01',
    params: { kind: 'collect-diagnostics' },
    issuedBy: 'staff-1',
    issuedAt: '2026-12-04T10:00:00.000Z',
    expiresAt: '2026-12-05T10:00:00.000Z',
  });

describe('command journal (sqlite)', () => {
  it('claims an id once, across a restart of the host, and keeps the result for replays', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-journal-'));
    const c = command();
    let db = await openLocalStore(dir);
    let journal = await openCommandJournal(db);
    expect(await journal.claim(c, new Date())).toBe(true);
    expect(await journal.claim(c, new Date())).toBe(false);
    const bundle = { collectedAt: '2026-12-04T10:00:01.000Z', facts: { version: '1' }, logLines: ['x'], truncated: false };
    await journal.finish(c.commandId, { outcome: 'succeeded', finishedAt: '2026-12-04T10:00:01.000Z', diagnostics: bundle });
    expect(await journal.unreported()).toHaveLength(1);
    await db.close();

    db = await openLocalStore(dir);
    journal = await openCommandJournal(db);
    expect(await journal.claim(c, new Date())).toBe(false);
    expect((await journal.unreported()).map((u) => u.commandId)).toEqual([c.commandId]);
    await journal.markReported(c.commandId);
    expect(await journal.unreported()).toEqual([]);
    // Once the hub has it, the bundle leaves the kiosk's disk; the outcome stays for replays.
    expect(await journal.get(c.commandId)).toMatchObject({ reported: true, result: { outcome: 'succeeded' } });
    expect((await journal.get(c.commandId))?.result).not.toHaveProperty('diagnostics');
    await db.close();
  });
});
