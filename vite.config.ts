// Builds the customer kiosk page. `base: './'` keeps every asset URL relative, so the same
// build works from the loopback host (http://127.0.0.1:<port>/) and from Electron's
// app://kiosk/ protocol. Nothing is fetched from the network at runtime: the CSP forbids it.
//
// Video help runs simple-peer 9, written for browserify: it wants Node's `global`, `events`
// and `buffer` — `global` is replaced by `globalThis` here and the two modules are the npm
// polyfills (not Node's built-ins, which Vite would stub out for the browser); the `process`
// and `Buffer` globals come from renderer/kiosk/assist/browser-shims.ts, loaded with the
// call code. The expert console is built the same way (vite.console.config.ts).
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const require = createRequire(import.meta.url);

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { global: 'globalThis' },
  resolve: {
    // Exact matches only: a prefix alias would also rewrite `buffer/index.js` (the npm
    // package's file, as browser-shims.ts imports it) into a path below a file.
    alias: [
      { find: /^events$/, replacement: require.resolve('events/') },
      { find: /^buffer$/, replacement: require.resolve('buffer/') },
    ],
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // React, zod (the bridge and call-message schemas) and simple-peer in one chunk, loaded
    // from the kiosk's own disk: splitting would only delay the first call.
    chunkSizeWarningLimit: 700,
    // The kiosk page and the waiting room's wall display (renderer/wall), served by the same host.
    rollupOptions: { input: { index: 'renderer/index.html', wall: 'renderer/wall.html' } },
  },
});
