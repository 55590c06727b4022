// Gating a claim on TensorBoard event files: TRL runs with report_to="tensorboard" (scalars tagged
// train/... and eval/... at the global step), one run directory per seed. Nothing trains. Fixtures
// (written by an encoder of their own, from the record and protobuf specs) and where every name comes
// from: test/fixtures/external (README.md, generate.mjs); format: docs/external-runs.md.
import { ablation, arm, claim, hypothesis, expectArm } from 'rlvr-ablate'

ablation('external runs: TRL TensorBoard event files', {}, () => {
  const verifier = arm.fromRuns('TRL verifier reward (TensorBoard)', 'test/fixtures/external/tensorboard/verifier/**/events.out.tfevents.*')
  const random = arm.fromRuns('TRL random reward (TensorBoard)', 'test/fixtures/external/tensorboard/random/**/events.out.tfevents.*', { role: 'random-reward' })

  claim('the verifier reward teaches beyond what a random reward gives', {
    treatment: verifier, on: 'accuracy', controls: ['random-reward', 'untrained'],
  })
  hypothesis('a random reward clips more tokens on the high side', () =>
    expectArm(random).on('clip_frac_high', { meanOverSteps: [1, 10] }).toBeGreaterThan(verifier))
})
