import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Vitest runs cores − 1 workers by default: one on a 2-core CI machine, which made the unit
// tier (PGlite per file, CPU-bound) run one file at a time. Each tier is its own group
// (sequence.groupOrder), run one after the other, with its own worker count.
const cores = os.availableParallelism();

const ignore = ['node_modules/**', 'dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{protocol,electron,renderer,drivers,hub,cli,scripts,test}/**/*.test.{ts,tsx}'],
          exclude: [...ignore, '**/*.integration.test.ts', '**/*.e2e.test.ts', '**/*.e2e-call.test.ts'],
          environment: 'node',
          testTimeout: 15_000,
          // A PGlite per file takes ~2.4 s alone, several times that with every core busy.
          hookTimeout: 30_000,
          maxWorkers: Math.max(2, cores),
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ignore,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Mostly waiting on sockets, PTYs and child processes, so two files at a time on two
          // cores; every file takes free ports, its own PostgreSQL schema and NATS prefix.
          maxWorkers: Math.max(2, Math.floor(cores / 2)),
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude: ignore,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium and one stack at a time: layout and timing assertions need the CPU.
          fileParallelism: false,
          // One worker for every file instead of a fresh one per file: each file starts its own
          // stack (ports, data dirs, hub) and cleans up its env, but a fresh worker paid again for
          // the module graph (~2.6 s a file) and PGlite's WASM compile (several seconds a file).
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
      // Video calls in Chromium, in a network namespace with only loopback: defined only when
      // test/e2e-call/run-isolated.mjs starts vitest there (it sets BK_E2E_CALL=1).
      ...(process.env.BK_E2E_CALL === '1'
        ? [
            {
              test: {
                name: 'e2e-call',
                include: ['test/e2e-call/**/*.e2e-call.test.ts'],
                exclude: ignore,
                globalSetup: ['test/e2e-call/support/global-setup.ts'],
                testTimeout: 180_000,
                hookTimeout: 180_000,
                fileParallelism: false,
                // One worker for every file, as in e2e: each file starts its own call stack.
                isolate: false,
              },
            },
          ]
        : []),
    ],
  },
});
