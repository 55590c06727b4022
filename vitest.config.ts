import { defineConfig } from 'vitest/config'

// Projects: `unit` (test/), `linear` (fast linear ablations) and `ablations` (transformer suite).
// `npm test` = unit + linear (what CI runs); `npx vitest ablations` = every ablation.
// tfjs keeps global state (backend, WASM module): the forks pool gives every file its own process.
export default defineConfig({
  test: {
    pool: 'forks',
    // The hypothesis table (after vitest's own output) and the JSON reports under reports/.
    reporters: ['default', './src/report/hypothesis-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        // Fast twins on the linear organisms: seconds each; CI runs them with the unit tests.
        extends: true,
        test: { name: 'linear', include: ['ablations/linear/**/*.ablation.ts'], testTimeout: 600_000 },
      },
      {
        // The headline suite on the transformer organisms (minutes; never in CI).
        extends: true,
        test: { name: 'ablations', include: ['ablations/**/*.ablation.ts'], exclude: ['ablations/linear/**'], testTimeout: 3_600_000 },
      },
    ],
  },
})
