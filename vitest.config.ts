import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Projects: `unit` (test/), `linear` (fast linear ablations) and `ablations` (transformer suite).
// `npm test` = unit + linear (what CI runs); `npx vitest ablations` = every ablation.
// tfjs keeps global state (backend, WASM module): the forks pool keeps it out of vitest's own process.
// The unit tests get a fresh process per file (some set env vars or tfjs flags); the ablation files
// share their worker's process (isolate: false), so the WASM backend and the ~100 source modules load
// once per worker, not once per file (warm, the linear twins spent 6.9 s of 10 s importing them).
// Their results do not depend on it: a run is a pure function of config, seed and backend (checked:
// every JSON report is identical with and without isolation, from a warm and from an empty cache).
// Workers: one per vCPU (vitest's default leaves one for its own, mostly idle, process). The linear
// twins are half tfjs op dispatch, which does run in parallel here: from an empty cache they took
// 1m31s with one worker and 1m01s with two on this 2-vCPU machine, with identical reports.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: availableParallelism(),
    // One salt per invocation, shared by every worker, so the spot checks of published runs are one
    // sample across the suite (src/runner/spot-check.ts); set it to repeat a sample.
    env: { RLVR_SPOT_CHECK_SALT: process.env.RLVR_SPOT_CHECK_SALT || randomBytes(8).toString('hex') },
    // The hypothesis table (after vitest's own output) and the JSON reports under reports/.
    reporters: ['default', './src/report/hypothesis-reporter.ts'],
    projects: [
      {
        extends: true,
        // typecheck: the type tests of the public DSL (test/*.test-d.ts) are checked, never run; vitest
        // runs tsc on tsconfig.json for them, so a type error anywhere in the project fails too.
        test: { name: 'unit', include: ['test/**/*.test.ts'], testTimeout: 120_000, typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] } },
      },
      {
        // Fast twins on the linear organisms: seconds each; CI runs them with the unit tests.
        extends: true,
        test: { name: 'linear', include: ['ablations/linear/**/*.ablation.ts'], testTimeout: 600_000, isolate: false },
      },
      {
        // The headline suite on the transformer organisms (hours; never in CI). One file at a time,
        // after the linear twins: the machine has one floating-point core, and files that share an
        // arm (the random-reward standard-clip arm is in six of them) then train it once and read
        // it from the run cache, instead of training it side by side.
        extends: true,
        test: {
          name: 'ablations', include: ['ablations/**/*.ablation.ts'], exclude: ['ablations/linear/**'], testTimeout: 6 * 3_600_000,
          maxWorkers: 1, sequence: { groupOrder: 1 }, isolate: false,
        },
      },
    ],
  },
})
