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
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { clipRareMinusCommon } from './metrics.js'
import { CLIP_HIGHER, RANDOM, TRANSFORMER_REGIME } from './regime.js'

ablation('clipping-bias', { organism: 'qwen-math-7b-like', ...TRANSFORMER_REGIME, reward: RANDOM }, () => {
  const clipped = arm('standard clip')
  const higher = arm('Clip-Higher', CLIP_HIGHER)
  const noClip = arm('no clip', { clip: false })
  const onPolicy = arm('on-policy (1 update per batch)', { miniBatches: 1 })
  // 16 updates per 64-prompt batch -> 800 steps of 4 prompts x 32, one update each.
  const fresh = arm('on-policy, fresh rollouts', { steps: 800, promptsPerStep: 4, miniBatches: 1 })

  hypothesis('the code rate rises under standard clipping', () => expectArm(clipped).on('mode_rate:code').toIncrease())
  hypothesis('accuracy rises under standard clipping', () => expectArm(clipped).on('accuracy').toIncrease())
  hypothesis('Clip-Higher raises the code rate less', () => expectArm(higher).on('mode_rate:code').toBeLessThan(clipped))
  hypothesis('clipping raises the code rate more than no clipping', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(noClip))
  hypothesis('clipping raises the code rate more than on-policy updates', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(onPolicy))
  hypothesis('clipping raises the code rate more than fresh on-policy updates', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(fresh))
  // Where the clip acts: tokens the old policy found unlikely (0.05-0.20) vs likely (0.80-0.95).
  hypothesis('the clip hits rare tokens more than common ones', () =>
    expectArm(clipped).on(clipRareMinusCommon, { label: 'clip frac rare - common' }).toBeAbove(0))
})
