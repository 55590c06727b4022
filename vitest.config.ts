import { defineConfig } from 'vitest/config'

// Two projects: `unit` (fast, CI) and `ablations` (the hypothesis suite).
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
        extends: true,
        test: { name: 'ablations', include: ['ablations/**/*.ablation.ts'], testTimeout: 3_600_000 },
      },
    ],
  },
})
