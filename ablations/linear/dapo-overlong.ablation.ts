// DAPO's overlong handling (Yu et al. 2025, arXiv:2503.14476) on the length organism's linear twin:
// overlong filtering (mask truncated completions out of the loss; maskTruncatedCompletions) and the
// soft overlong punishment (reward 'soft-overlong': a linear penalty over the last `cache` tokens
// before the limit, -1 at it, added to the verifier's reward) against neither. DAPO reports both
// raising AIME accuracy (naive GRPO 30 -> +overlong filtering 36; +soft punishment 41 after
// Clip-Higher) and the punishment keeping responses inside the limit.
//
// Organism: qwen-math-7b-length-like-linear (truncated before RL: ~10% of held-out completions; a
// truncated completion has no answer). Every arm uses DAPO's token-level loss (lossType dapo).
// Regime: LENGTH_LINEAR (./regime.ts). The punishment's cache is 2 of the 7 tokens (DAPO: 4,096 of
// 20,480, a fifth).
//
// Hypotheses (stated before the runs of seeds 100-105):
//   1. The soft punishment lowers the truncation rate below neither's.
//   2. It keeps accuracy: equivalent to neither within 0.02.
//   3. Overlong filtering raises accuracy over neither (DAPO's claim).
//   4. Overlong filtering raises the truncation rate over neither: with the truncated completions
//      masked, the finished wrong ones that train are the shorter ones, so A < 0 pushes the CHECK
//      probability up (a selection effect the pilot showed).
// Hypothesis 4 and the cache come from a pilot (seeds 1-2). Measured on seeds 100-105: 1, 2 and 4
// supported; 3 refuted (filtering costs a little accuracy here: masking the truncated completions
// also removes the punishment that keeps right answers inside the limit, and a truncated completion
// has no answer), so it is declared a known refutation (hypothesis.fails). Figures: the generated results (docs/organisms-length.md).
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { LENGTH_LINEAR } from './regime.js'

ablation('dapo-overlong (linear)', {
  organism: 'qwen-math-7b-length-like-linear', lossType: 'dapo',
  ...LENGTH_LINEAR,
}, () => {
  const neither = arm('neither', { reward: { kind: 'verifier' } })
  const filter = arm('overlong filtering', { reward: { kind: 'verifier' }, maskTruncatedCompletions: true })
  const soft = arm('soft punishment', { reward: { kind: 'soft-overlong', cache: 2 } })

  hypothesis('soft punishment lowers truncation', () => expectArm(soft).on('truncation_rate').toBeLessThan(neither))
  hypothesis('soft punishment keeps accuracy (within 0.02)', () => expectArm(soft).on('accuracy').toBeEquivalentTo(neither, { margin: 0.02 }))
  hypothesis.fails('overlong filtering raises accuracy', () => expectArm(filter).on('accuracy').toBeGreaterThan(neither))
  hypothesis('overlong filtering raises truncation', () => expectArm(filter).on('truncation_rate').toBeGreaterThan(neither))
})
