// Entry of dist/electron/host.cjs: runs the headless host bundle beside it (host-app.cjs,
// built from headless-host.main.node.ts) from a V8 code cache, see code-cache.node.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.node.js';

runWithCodeCache(path.join(path.dirname(fileURLToPath(import.meta.url)), 'host-app.cjs'));
