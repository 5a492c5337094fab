import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Three files at once on two cores: about 30% of the suite's core time on an idle machine is spent
    // waiting (child processes starting, loopback servers pacing at 3 requests/s, retry budgets), which a
    // third file fills with work. `.ci/run` runs the fault tests again with --maxWorkers=2 beside spinners.
    maxWorkers: 3,
    // Bounds for a hung test, not speed checks (those are `npm run bench:*`): with every core busy (.ci/run
    // runs the fault tests again under spinning processes) a child-process test can take minutes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
