// The kiosk page and the expert console bundle these files: they may import zod, each other
// and protocol/ (held to zod-only by the linter), nothing else (no Node built-ins, no hub
// internals).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const SHARED = ['protocol.ts', 'protocol-values.ts', 'call-messages.ts', 'staff-api.ts'];
const ALLOWED = new Set(['zod', ...SHARED.map((file) => `./${file.replace(/\.ts$/, '.js')}`)]);
const isSharedProtocol = (specifier: string) => /^\.\.\/\.\.\/protocol\/[\w-]+\.js$/.test(specifier);

it.each(SHARED)('%s imports only zod and its shared siblings', (file) => {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  const imports = [...source.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((match) => match[1]);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((specifier) => !ALLOWED.has(specifier!) && !isSharedProtocol(specifier!))).toEqual([]);
});
