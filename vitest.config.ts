import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Three files at once on two cores: about 30% of the suite's core time on an idle machine is spent
    // waiting (child processes starting, loopback servers pacing at 3 requests/s, retry budgets), which a
    // third file fills with work. `.ci/run` runs the fault tests again with --maxWorkers=2 beside spinners.
    maxWorkers: 3,
    // Test files share their worker's process (and its loaded modules) instead of a fresh one each: loading
    // vitest, the TypeScript transforms and src/ again for each of ~100 files was about 40% of the CPU time
    // of the files that do not spawn processes. Safe here because src/ keeps no module state (STYLE), and no
    // test mocks modules, stubs globals or changes process.env/cwd; each file still gets its own temp folders.
    isolate: false,
    // Bounds for a hung test, not speed checks (those are `npm run bench:*`): with every core busy (.ci/run
    // runs the fault tests again under spinning processes) a child-process test can take minutes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
