// A small JSON state file that is either the old or the new content after a crash, never half
// of one: write a temp file, fsync it, rename it over the old one. Unreadable or invalid
// content reads as `fallback` (a lost crash count errs toward keeping the new version).
import { open, readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';

export async function readJsonState<T>(file: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export async function writeJsonState(file: string, value: unknown): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(value));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
