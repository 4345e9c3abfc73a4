// Builds the customer kiosk page. `base: './'` keeps every asset URL relative, so the same
// build works from the loopback host (http://127.0.0.1:<port>/) and from Electron's
// app://kiosk/ protocol. Nothing is fetched from the network at runtime: the CSP forbids it.
//
// Video help runs simple-peer 9, written for browserify: it wants Node's `global`, `events`
// and `buffer` — `global` is replaced by `globalThis` here and the two modules are the npm
// polyfills (not Node's built-ins, which Vite would stub out for the browser); the `process`
// and `Buffer` globals come from renderer/kiosk/assist/browser-shims.ts, loaded with the
// call code. The expert console is built the same way (vite.console.config.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const require = createRequire(import.meta.url);

// The face check (renderer/kiosk/identity/face) runs @vladmandic/human offline: its models and
// tfjs's WASM binaries are copied from node_modules into the build, never fetched from a CDN.
// Only the models the check runs (human-config.ts); the rest of Human's 28 MB stays out.
const FACE_MODELS = ['blazeface', 'facemesh', 'iris', 'faceres', 'antispoof', 'liveness'];
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

function faceCheckAssets(): Plugin {
  const modelsDir = path.join(path.dirname(require.resolve('@vladmandic/human')), '../models');
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return {
    name: 'face-check-assets',
    apply: 'build',
    generateBundle() {
      for (const model of FACE_MODELS) {
        for (const ext of ['.json', '.bin']) this.emitFile({ type: 'asset', fileName: `face/models/${model}${ext}`, source: readFileSync(path.join(modelsDir, model + ext)) });
      }
      // In assets/, beside the bundled scripts: tfjs's ESM build looks for its binary next to
      // the script that contains it (import.meta.url), whatever wasmPath says (face README).
      for (const file of WASM_FILES) this.emitFile({ type: 'asset', fileName: `assets/${file}`, source: readFileSync(path.join(wasmDir, file)) });
    },
  };
}

export default defineConfig(({ mode }) => ({
  root: 'renderer',
  base: './',
  plugins: [react(), faceCheckAssets()],
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
    // React, zod (the bridge and call-message schemas) in one chunk, loaded from the kiosk's
    // own disk. simple-peer and its polyfills are a chunk of their own, fetched once the first
    // screen is up (renderer/kiosk/assist/lazy-peer.ts): the attract screen does not wait for them.
    chunkSizeWarningLimit: 700,
    // The kiosk page and the waiting room's wall display (renderer/wall), served by the same host.
    // `--mode face-harness` adds the face step's test page (test/e2e/face-step.e2e.test.ts);
    // a kiosk build never ships it.
    rollupOptions: {
      input: { index: 'renderer/index.html', wall: 'renderer/wall.html', ...(mode === 'face-harness' ? { 'face-step': 'renderer/face-step.html' } : {}) },
    },
  },
}));
