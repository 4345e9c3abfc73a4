// Human bundles tfjs's JavaScript; the .wasm binaries come from @tensorflow/tfjs-backend-wasm.
// The two must be the same release, or the backend fails to start and Human silently falls
// back to a far slower one: an upgrade of either package must move the other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Neither package exports these files, so they are read from node_modules (vitest runs at the root).
const installed = (file: string) => readFileSync(path.resolve('node_modules', file), 'utf8');

describe('face check packages', () => {
  it("serve the .wasm of the very tfjs release that Human bundles", () => {
    const bundled = installed('@vladmandic/human/dist/tfjs.version.js');
    const declared = /"tfjs-backend-wasm":(\w)/.exec(bundled)?.[1];
    const bundledWasm = declared ? new RegExp(`var ${declared}="([^"]+)"`).exec(bundled)?.[1] : undefined;
    const wasmPackage = (JSON.parse(installed('@tensorflow/tfjs-backend-wasm/package.json')) as { version: string }).version;
    expect(bundledWasm).toMatch(/^\d+\.\d+\.\d+$/);
    expect(wasmPackage).toBe(bundledWasm);
  });
});
