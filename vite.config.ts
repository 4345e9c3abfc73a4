// Builds the customer kiosk page. `base: './'` keeps every asset URL relative, so the same
// build works from the loopback host (http://127.0.0.1:<port>/) and from Electron's
// app://kiosk/ protocol. Nothing is fetched from the network at runtime: the CSP forbids it.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
