import { defineConfig } from 'vitest/config';

// Tests that start or restart a whole engine run alone, after the rest (`npm test`).
export default defineConfig({
  test: {
    include: ['test/serial/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-serial.json' },
  },
});
