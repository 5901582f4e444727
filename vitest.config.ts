import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds the SvelteKit dashboard when missing or stale.
    globalSetup: ['tests/dashboard/globalSetup.ts'],
    // DuckDB files and servers are real; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { TZ: 'Europe/Rome' },
    // CI (.ci/run) counts tests from the JSON report, not from the console summary.
    reporters: ['default', 'json'],
    outputFile: { json: 'tests/artifacts/vitest-report.json' },
  },
});
