// Builds the expert console (renderer/console) into dist/console; the hub serves it at
// /console/ (hub/routes/console.ts). simple-peer 9 was written for browserify: it wants
// Node's `global`, `process`, `events` and `buffer` — `global` and the two modules here,
// the `process` and `Buffer` globals in renderer/console/shims.ts.
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const require = createRequire(import.meta.url);

export default defineConfig({
  root: 'renderer/console',
  base: '/console/',
  plugins: [react()],
  define: { global: 'globalThis' },
  resolve: {
    // The npm polyfills, not Node's built-ins (which Vite would stub out for the browser).
    // Exact matches: `buffer/` (the spelling that makes Node pick the package) maps too.
    alias: [
      { find: /^events\/?$/, replacement: require.resolve('events/') },
      { find: /^buffer\/?$/, replacement: require.resolve('buffer/') },
    ],
  },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    // React, zod (the shared protocol schemas) and simple-peer in one chunk: ~160 kB
    // gzipped, loaded once per shift on a desk PC. Splitting would only delay the first call.
    chunkSizeWarningLimit: 600,
  },
});
