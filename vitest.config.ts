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
        // The headline suite on the transformer organisms (hours; never in CI). One file at a time,
        // after the linear twins: the machine has one floating-point core, and files that share an
        // arm (the random-reward standard-clip arm is in six of them) then train it once and read
        // it from the run cache, instead of training it side by side.
        extends: true,
        test: {
          name: 'ablations', include: ['ablations/**/*.ablation.ts'], exclude: ['ablations/linear/**'], testTimeout: 6 * 3_600_000,
          maxWorkers: 1, sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
