// Gating a claim on TRL 0.16 logs: the key names before TRL 0.17 (rewards/<func> without /mean,
// completion_length, eval_rewards/...), logged every 5 steps (logging_steps=5) and evaluated every 10,
// so a mean over steps 1-20 averages the steps that were logged (5, 10, 15, 20; the report says so).
// Nothing trains. Fixtures and where every name comes from: test/fixtures/external (README.md,
// generate.mjs); format: docs/external-runs.md.
import { ablation, arm, claim, hypothesis, expectArm } from 'rlvr-ablate'

ablation('external runs: TRL 0.16 logs, sparse steps', {}, () => {
  const verifier = arm.fromRuns('TRL 0.16 verifier reward', 'test/fixtures/external/trl-0.16/verifier/*.jsonl')
  const random = arm.fromRuns('TRL 0.16 random reward', 'test/fixtures/external/trl-0.16/random/*.jsonl', { role: 'random-reward' })

  claim('the verifier reward teaches beyond what a random reward gives', {
    treatment: verifier, on: 'accuracy', controls: ['random-reward', 'untrained'],
  })
  hypothesis('the verifier reward is learned during training, not only at evaluation', () =>
    expectArm(verifier).on('train_accuracy', { meanOverSteps: [1, 20] }).toBeGreaterThan(random))
  hypothesis('the verifier reward shortens rollouts more than a random reward', () =>
    expectArm(verifier).on('rollout_length', { meanOverSteps: [1, 20] }).toBeLessThan(random))
})
