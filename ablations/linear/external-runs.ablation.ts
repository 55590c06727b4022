// Gating a claim on runs read from files: TRL GRPOTrainer logs (JSON Lines, one file per seed) of
// a verifier-reward run set and a random-reward control. Nothing trains; it runs in well under a
// second. Field names follow TRL's logs (see test/fixtures/external/README.md and docs/external-runs.md):
// `eval_rewards/accuracy_reward/mean` is read as accuracy, step 0 is the pre-RL evaluation.
import { ablation, arm, claim, hypothesis, expectArm } from 'rlvr-ablate'

ablation('external runs: a TRL claim gated on its controls', {}, () => {
  const verifier = arm.fromRuns('TRL verifier reward', 'test/fixtures/external/trl/verifier/*.jsonl')
  const random = arm.fromRuns('TRL random reward', 'test/fixtures/external/trl/random/*.jsonl', { role: 'random-reward' })

  claim('the verifier reward teaches beyond what a random reward gives', {
    treatment: verifier, on: 'accuracy', controls: ['random-reward', 'untrained'],
  })
  // The random control still rises from its pre-RL value, as Spurious Rewards reports.
  hypothesis('a random reward alone raises accuracy', () => expectArm(random).on('accuracy').toIncrease())
})
