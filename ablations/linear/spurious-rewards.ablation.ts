// Spurious Rewards (Shao et al., arXiv:2506.10947) on qwen-math-7b-like-linear: ground truth,
// majority vote, one-shot, incorrect label, random and format rewards each raise accuracy over the
// untrained organism (the paper, Qwen2.5-Math-7B on MATH-500: +29.1, +27.1, +26.0, +24.1, +21.4 and
// +13.8 points); ground truth gains the most; the code rate rises under a random reward.
//
// Settings: the linear regime for 20 steps, 16 seeds. "Over the untrained organism" is toIncrease:
// each run's held-out accuracy (exact) after RL against its own step-0 value (the same in every run,
// so the arm with the higher final accuracy also gained more). Majority vote and incorrect label use
// the pre-RL model's own majority answer over 64 samples (the paper's construction). 20 steps and 16
// seeds come from a pilot (docs/history.md): the random and format effects were about as strong at 20
// steps as at 50, and format, the weakest (dz ~0.75), needs 14 seeds for 80% power before the Holm
// correction over 12 hypotheses. Verdicts and figures: docs/results.md (generated).
//
// Known refutations in this organism:
// - incorrect label lowers accuracy. The labels are the model's own majority errors, as the paper
//   builds them, but the organism's only action is the mode and a wrong label is likelier in NL
//   (accuracy 0.35) than in code (0.609): rewarding it moves the policy to NL, so here it is
//   anti-correlated with accuracy.
// - one-shot lowers accuracy slightly. Trained on one prompt, the prompt-dependent weights move along
//   that prompt's features: the held-out prompts' code logits shift but scatter, so their mean code
//   rate falls. A linear policy has no shared reasoning for one example to improve.
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
