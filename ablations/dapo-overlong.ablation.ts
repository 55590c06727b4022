// DAPO's overlong handling (Yu et al. 2025, arXiv:2503.14476) on the transformer length organism:
// overlong filtering (maskTruncatedCompletions) and the soft overlong punishment (reward
// 'soft-overlong': a linear penalty over the last `cache` tokens before the limit, -1 at it, added to
// the verifier's reward) against neither. DAPO reports both raising AIME accuracy and the punishment
// keeping responses inside the limit.
//
// Organism: qwen-math-7b-length-like (a truncated completion has no answer; about one in ten is
// truncated before RL: docs/organisms-length.md). Every arm uses DAPO's token-level loss (lossType
// dapo). The punishment's cache is 3 of the 12 tokens (DAPO: 4,096 of 20,480). Regime:
// LENGTH_TRANSFORMER_REGIME (./regime.ts).
//
// Hypotheses and plan (stated before any run; the linear twin is ablations/linear/dapo-overlong):
//   1. The soft punishment lowers the truncation rate below neither's.
//   2. It keeps accuracy: equivalent to neither within 0.02.
//   3. Overlong filtering raises accuracy over neither (DAPO's claim; the linear twin refutes it).
//   4. Overlong filtering raises the truncation rate over neither (the linear twin's selection effect:
//      with truncated completions masked, the wrong completions that train are the shorter ones).
// Plan: 3 arms x 8 seeds; inconclusive verdicts are skipped, not failed. Hypothesis 3 is kept as a
// plain hypothesis (not a known refutation): this organism's answer tokens train, the linear twin's do not.
//
// Measured on seeds 100-107 (2026-12-06): 1 and 4 supported, 2 inconclusive (soft punishment -0.015
// [-0.033, +0.002] accuracy; one of its 8 runs lost answer mass: canonical mass 0.928), 3 refuted as in
// the linear twin: filtering lowers held-out accuracy, 0.759 vs 0.782, -0.023 [-0.030, -0.016]. Every
// arm shrinks its completions towards the shortest (truncation 0.091 before RL, 0.0005 under neither);
// filtering leaves 0.019 truncated. 3 is declared a known refutation (hypothesis.fails) after the run.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { LENGTH_TRANSFORMER_REGIME, VERIFIER } from './regime.js'

ablation('dapo-overlong', { organism: 'qwen-math-7b-length-like', lossType: 'dapo', ...LENGTH_TRANSFORMER_REGIME }, () => {
  const neither = arm('neither', { reward: VERIFIER })
  const filter = arm('overlong filtering', { reward: VERIFIER, maskTruncatedCompletions: true })
  const soft = arm('soft punishment', { reward: { kind: 'soft-overlong', cache: 3 } })

  hypothesis('soft punishment lowers truncation', () => expectArm(soft).on('truncation_rate').toBeLessThan(neither))
  hypothesis('soft punishment keeps accuracy (within 0.02)', () => expectArm(soft).on('accuracy').toBeEquivalentTo(neither, { margin: 0.02 }))
  // Refuted: -0.023 [-0.030, -0.016] held-out accuracy vs neither (seeds 100-107).
  hypothesis.fails('overlong filtering raises accuracy', () => expectArm(filter).on('accuracy').toBeGreaterThan(neither))
  hypothesis('overlong filtering raises truncation', () => expectArm(filter).on('truncation_rate').toBeGreaterThan(neither))
})
