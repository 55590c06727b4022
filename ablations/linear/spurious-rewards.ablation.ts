// Spurious Rewards (Shao et al., RESEARCH.md section 1) on qwen-math-7b-like-linear: ground truth,
// majority vote, one-shot, incorrect label, random and format rewards each raise accuracy over the
// untrained organism (the paper, Qwen2.5-Math-7B on MATH-500: +29.1, +27.1, +26.0, +24.1, +21.4 and
// +13.8 points); ground truth gains the most; the code rate rises under a random reward.
//
// Settings: the section-2 regime for 20 steps, 16 seeds. "Over the untrained organism" is toIncrease:
// each run's held-out accuracy (exact) after RL against its own step-0 value (0.518 in every run, so
// the arm with the higher final accuracy also gained more). Majority vote and incorrect label use the
// pre-RL model's own majority answer over 64 samples (the paper's construction).
// Pilot (12 seeds; one-shot and incorrect label 4; accuracy gain at steps 10 / 20 / 50, dz = paired
// effect size): random +0.014 / +0.016 / +0.022 ± 0.018 (dz 1.2 / 0.9 / 1.2; code rate 0.650 -> 0.733
// at 50); format +0.011 / +0.016 / +0.020 ± 0.029 (dz 0.8 / 0.8 / 0.7); majority vote +0.069 / +0.081 /
// +0.087; ground truth +0.084 / +0.089 / +0.090; one-shot +0.000 / -0.001 / -0.003; incorrect label
// -0.138 / -0.162 / -0.167. The random and format effects are about as strong at 20 steps as at 50
// (dz 0.8-0.9 vs 0.7-1.2) at 40% of the cost, and one-shot's sign is settled by step 20 (not at 10):
// 20 steps. Format, the weakest effect (dz ~0.75), needs 14 seeds for 80% power (seedsForPower,
// one-sided, paired) before the Holm correction over 12 hypotheses: 16 seeds. Cost: 96 runs of 20
// steps, 1.5-2 minutes from an empty cache on this machine.
// Measured (16 seeds, accuracy gain [90% interval]): ground truth +0.089, majority vote +0.080, random
// +0.017 [0.009, 0.025], format +0.015 [0.006, 0.024]; ground truth beats majority vote by +0.009
// [0.007, 0.010]; the code rate rises by +0.064 [0.033, 0.095] under a random reward.
//
// Known refutations in this organism (16 seeds, 20 steps):
// - incorrect label: accuracy 0.518 -> 0.357 (-0.161 [-0.162, -0.161]). The labels are the model's own
//   majority errors, as the paper builds them, but the organism's only action is the mode and a
//   wrong label is likelier in NL (accuracy 0.35) than in code (0.609): rewarding it moves the
//   policy to NL (code rate 0.650 -> ~0.03 in the pilot), so here it is anti-correlated with accuracy.
// - one-shot: accuracy 0.518 -> 0.517 (-0.0011 [-0.0013, -0.0010]). Trained on one prompt, the
//   prompt-dependent weights move along that prompt's features: the held-out prompts' code logits
//   shift by +0.21 on average but scatter (sd 1.6, seed 0), so their mean code rate falls
//   (0.650 -> 0.638). A linear policy has no shared reasoning for one example to improve.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { SECTION_2 } from './regime.js'

ablation('spurious-rewards (linear)', {
  organism: 'qwen-math-7b-like-linear', seeds: 16,
  ...SECTION_2, steps: 20,
}, () => {
  const truth = arm('ground truth', { reward: { kind: 'verifier' } })
  const majority = arm('majority vote', { reward: { kind: 'majority-vote' } })
  const oneShot = arm('one-shot', { reward: { kind: 'one-shot' } })
  const incorrect = arm('incorrect label', { reward: { kind: 'incorrect-label' } })
  const random = arm('random', { reward: { kind: 'random', gamma: 0.5 } })
  const format = arm('format', { reward: { kind: 'format' } })

  hypothesis('ground truth raises accuracy', () => expectArm(truth).on('accuracy').toIncrease())
  hypothesis('majority vote raises accuracy', () => expectArm(majority).on('accuracy').toIncrease())
  hypothesis.fails('one-shot raises accuracy', () => expectArm(oneShot).on('accuracy').toIncrease())
  hypothesis.fails('incorrect label raises accuracy', () => expectArm(incorrect).on('accuracy').toIncrease())
  hypothesis('random raises accuracy', () => expectArm(random).on('accuracy').toIncrease())
  hypothesis('format raises accuracy', () => expectArm(format).on('accuracy').toIncrease())
  for (const other of [majority, oneShot, incorrect, random, format]) {
    hypothesis(`ground truth gains more than ${other.name}`, () => expectArm(truth).on('accuracy').toBeGreaterThan(other))
  }
  hypothesis('the code rate rises under a random reward', () => expectArm(random).on('mode_rate:code').toIncrease())
})
