import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Child-process and loopback-server tests share 2 cores; keep parallelism modest and timeouts honest.
    pool: 'forks',
    maxWorkers: 2,
    // Bounds for a hung test, not speed checks (those are `npm run bench:*`): with every core busy (.ci/run
    // runs the fault tests again under spinning processes) a child-process test can take minutes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
