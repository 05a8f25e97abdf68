import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'feeds/**/*.test.ts', 'workers/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/support/fast-check.setup.ts'],
    globalSetup: ['test/support/compiled-build.ts'],
    pool: 'forks',
    // Integration suites create their own databases and queue prefixes, so files may run in parallel.
    fileParallelism: true,
  },
});
