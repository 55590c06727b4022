// Dr. GRPO's length bias (Liu et al. 2025, arXiv:2503.20783) on the length organism's linear twin.
// GRPO divides each completion's loss by its own length |o|: a wrong completion (A < 0) spreads its
// penalty over more tokens the longer it is, so long wrong completions are punished less per token
// and wrong completions drift longer; right ones (A > 0) drift shorter. lossType dr_grpo (a constant
// normaliser) with scaleRewards none removes the 1/|o| weighting (and the group-std scaling).
//
// Organism: qwen-math-7b-length-like-linear (src/organisms/length.ts): after its answer the policy
// writes k CHECK tokens and EOS, k chosen knowing whether its answer is right; a completion that hits
// the limit (7 tokens) is truncated and has no answer. Regime: LENGTH_LINEAR (./regime.ts).
//
// Hypotheses (stated before the runs of seeds 100-105):
//   1. Under GRPO, wrong completions grow longer (held-out length_incorrect rises from step 0).
//   2. Under Dr. GRPO they do not: length_incorrect stays within 1 token of its step-0 value.
//   3. GRPO's wrong completions end longer than Dr. GRPO's.
//   4. GRPO's gap between wrong and right lengths ends wider than Dr. GRPO's.
//   5. Accuracy is equivalent within 0.02 (the fix costs nothing).
// A pilot (seeds 0-3) chose the regime and the 1-token margin. Under Dr. GRPO the wrong completions
// may even shorten a little: the mode shifts to code, whose wrong answers are re-checked less.
// Measured on seeds 100-105: all five supported (figures: docs/organisms-length.md).
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { LENGTH_LINEAR } from './regime.js'

ablation('dr-grpo-length (linear)', {
  organism: 'qwen-math-7b-length-like-linear', reward: { kind: 'verifier' },
  ...LENGTH_LINEAR,
}, () => {
  const grpo = arm('GRPO', { lossType: 'grpo', scaleRewards: 'group' })
  const dr = arm('Dr. GRPO', { lossType: 'dr_grpo', scaleRewards: 'none' })

  hypothesis('GRPO: wrong completions grow longer', () => expectArm(grpo).on('length_incorrect').toIncrease())
  hypothesis('Dr. GRPO: wrong completions do not grow (within 1 token)', () => expectArm(dr).on('length_incorrect').toBeUnchanged({ margin: 1 }))
  hypothesis('GRPO ends with longer wrong completions than Dr. GRPO', () => expectArm(grpo).on('length_incorrect').toBeGreaterThan(dr))
  hypothesis('GRPO ends with a wider wrong-right length gap', () => expectArm(grpo).on('length_gap').toBeGreaterThan(dr))
  hypothesis('accuracy equivalent within 0.02', () => expectArm(dr).on('accuracy').toBeEquivalentTo(grpo, { margin: 0.02 }))
})
