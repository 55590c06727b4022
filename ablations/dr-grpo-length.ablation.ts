// Dr. GRPO's length bias (Liu et al. 2025, arXiv:2503.20783) on the transformer length organism.
// GRPO divides each completion's loss by its own length |o|: a wrong completion (A < 0) spreads its
// penalty over more tokens the longer it is, so wrong completions drift longer and right ones shorter;
// lossType dr_grpo (a constant normaliser) with scaleRewards none removes the bias.
//
// Organism: qwen-math-7b-length-like (src/organisms/length.ts; a pretrained transformer, shipped
// weights): after its answer it writes k CHECK tokens and EOS, having seen the answer; a completion
// cut at 12 tokens has no answer. Its corpus re-checks wrong answers longer, so the gap starts > 0.
// Regime: LENGTH_TRANSFORMER_REGIME (./regime.ts), verifier reward.
//
// Hypotheses and plan (stated before any run; the linear twin is ablations/linear/dr-grpo-length):
//   1. Under GRPO, wrong completions grow longer (held-out length_incorrect rises from step 0).
//   2. Under Dr. GRPO they do not: length_incorrect stays within 1 token of its step-0 value.
//   3. GRPO's wrong completions end longer than Dr. GRPO's.
//   4. GRPO's wrong-right length gap ends wider than Dr. GRPO's.
//   5. Accuracy is equivalent within 0.02.
// Plan: 2 arms x 8 seeds; inconclusive verdicts are skipped (visible in the table), not failed.
//
// Measured on seeds 100-107 (2026-12-06): 5 supported; 1 and 2 refuted, 3 and 4 inconclusive. Under
// both losses every completion shrinks towards the shortest (held-out length of wrong completions
// 9.53 -> 8.16 under GRPO, -1.37 [-1.42, -1.33]; 8.17 under Dr. GRPO, -1.36 [-1.40, -1.32]; the gap
// 0.67 -> 0.09 in both): a truncated completion earns nothing, and that pull swamps any bias of the
// 1/|o| normalisation here. 1 and 2 are declared known refutations (hypothesis.fails).
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { LENGTH_TRANSFORMER_REGIME, VERIFIER } from './regime.js'

ablation('dr-grpo-length', { organism: 'qwen-math-7b-length-like', reward: VERIFIER, ...LENGTH_TRANSFORMER_REGIME }, () => {
  const grpo = arm('GRPO', { lossType: 'grpo', scaleRewards: 'group' })
  const dr = arm('Dr. GRPO', { lossType: 'dr_grpo', scaleRewards: 'none' })

  // Refuted: -1.37 [-1.42, -1.33] tokens from step 0 (seeds 100-107).
  hypothesis.fails('GRPO: wrong completions grow longer', () => expectArm(grpo).on('length_incorrect').toIncrease())
  // Refuted: -1.36 [-1.40, -1.32] tokens from step 0, outside the margin of 1 (seeds 100-107).
  hypothesis.fails('Dr. GRPO: wrong completions do not grow (within 1 token)', () => expectArm(dr).on('length_incorrect').toBeUnchanged({ margin: 1 }))
  hypothesis('GRPO ends with longer wrong completions than Dr. GRPO', () => expectArm(grpo).on('length_incorrect').toBeGreaterThan(dr))
  hypothesis('GRPO ends with a wider wrong-right length gap', () => expectArm(grpo).on('length_gap').toBeGreaterThan(dr))
  hypothesis('accuracy equivalent within 0.02', () => expectArm(dr).on('accuracy').toBeEquivalentTo(grpo, { margin: 0.02 }))
})
