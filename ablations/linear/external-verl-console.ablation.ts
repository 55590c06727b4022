// Gating a claim on verl console logs (trainer.logger=['console']; the trainer's stdout saved to a
// .txt: "step:N - key:value - ..." lines among its other output), one log per seed. Nothing trains.
// Fixtures and where every name comes from: test/fixtures/external (README.md, generate.mjs);
// format: docs/external-runs.md.
import { ablation, arm, claim, hypothesis, expectArm } from 'rlvr-ablate'

ablation('external runs: verl console logs', {}, () => {
  const verifier = arm.fromRuns('verl verifier reward (console)', 'test/fixtures/external/verl-console/verifier/seed*.txt')
  const random = arm.fromRuns('verl random reward (console)', 'test/fixtures/external/verl-console/random/seed*.txt', { role: 'random-reward' })

  claim('the verifier reward teaches beyond what a random reward gives', {
    treatment: verifier, on: 'accuracy', controls: ['random-reward', 'untrained'],
  })
  // response_length/mean is read as rollout_length.
  hypothesis('the verifier reward shortens rollouts more than a random reward', () => expectArm(verifier).on('rollout_length').toBeLessThan(random))
})
