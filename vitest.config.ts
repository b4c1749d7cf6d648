import { defineConfig } from 'vitest/config';

// Tests use real parts (Mosquitto, SQLite files, Chromium), so they get generous time limits;
// nothing here asserts speed. Two workers: these machines have two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
