// Clipping bias (Spurious Rewards, Shao et al. arXiv:2506.10947; docs/organisms.md) on the transformer
// organism: under a random reward the code mode (the prior's favourite) rises only with ratio
// clipping. Controls: the unclipped surrogate on the same 16 stale mini-batches, one update per
// rollout batch (on-policy), and "fresh": as many on-policy updates as the clipped arm makes, each on
// new rollouts (update count and samples matched, ratio fixed at 1), which separates clipping from
// mere update count.
//
// Settings: the shared regime (./regime.ts; why each value). Also the issue-3 mechanism check: the
// PyTorch spike (docs/organisms.md#the-organism-study) found, in this regime, standard clip raising
// code rate and accuracy, Clip-Higher less, on-policy and fresh updates not.
// Inconclusive verdicts are skipped, not failed: they stay visible in the table.
// Verdicts and figures: docs/results.md (generated); the first 8-seed run, including the seed whose
// code mode collapses: docs/history.md.
//
// Controls dropped (run validity, docs/statistics.md): in all 16 runs of the no-clip and "fresh"
// on-policy arms the model collapsed (almost no probability left on well-formed completions at the
// end; the figures: docs/history.md), so "clipping raises the code rate more than no clipping / than
// fresh on-policy updates" compared the clipped arm with a broken model, not with a working policy
// that lacks clipping; both would now be 'invalid control'. They are removed with their arms. Making
// those controls valid (a step size at which unclipped and fresh updates stay well-formed) changes
// what they control for and needs new transformer runs; the on-policy (1 update per batch) control
// stays.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { clipRareMinusCommon } from './metrics.js'
import { CLIP_HIGHER, RANDOM, TRANSFORMER_REGIME } from './regime.js'

ablation('clipping-bias', { organism: 'qwen-math-7b-like', ...TRANSFORMER_REGIME, reward: RANDOM }, () => {
  const clipped = arm('standard clip')
  const higher = arm('Clip-Higher', CLIP_HIGHER)
  const onPolicy = arm('on-policy (1 update per batch)', { miniBatches: 1 })

  hypothesis('the code rate rises under standard clipping', () => expectArm(clipped).on('mode_rate:code').toIncrease())
  hypothesis('accuracy rises under standard clipping', () => expectArm(clipped).on('accuracy').toIncrease())
  hypothesis('Clip-Higher raises the code rate less', () => expectArm(higher).on('mode_rate:code').toBeLessThan(clipped))
  hypothesis('clipping raises the code rate more than on-policy updates', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(onPolicy))
  // Where the clip acts: tokens the old policy found unlikely (0.05-0.20) vs likely (0.80-0.95).
  hypothesis('the clip hits rare tokens more than common ones', () =>
    expectArm(clipped).on(clipRareMinusCommon, { label: 'clip frac rare - common' }).toBeAbove(0))
})
