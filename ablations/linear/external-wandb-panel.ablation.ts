// Gating a claim on W&B panel exports (a line plot's "Export CSV"): verl runs, one export per panel
// (metric) and arm, one column per run ("<run> - <metric>", plus the panel's __MIN/__MAX band, ignored),
// the seed read from each run's name. Nothing trains. Fixtures and where every name comes from:
// test/fixtures/external (README.md, generate.mjs); format: docs/external-runs.md.
import { ablation, arm, claim, hypothesis, expectArm } from 'rlvr-ablate'

ablation('external runs: verl runs exported from W&B panels', {}, () => {
  const verifier = arm.fromRuns('verl verifier reward (W&B panels)', 'test/fixtures/external/wandb-panel/verifier/*.csv')
  const random = arm.fromRuns('verl random reward (W&B panels)', 'test/fixtures/external/wandb-panel/random/*.csv', { role: 'random-reward' })

  claim('the verifier reward teaches beyond what a random reward gives', {
    treatment: verifier, on: 'accuracy', controls: ['random-reward', 'untrained'],
  })
  hypothesis('the verifier reward lowers entropy more than a random reward', () => expectArm(verifier).on('entropy').toBeLessThan(random))
})
