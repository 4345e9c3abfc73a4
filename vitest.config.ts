import { defineConfig } from 'vitest/config';

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
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ignore,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude: ignore,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
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
              },
            },
          ]
        : []),
    ],
  },
});
