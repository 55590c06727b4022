// Clipping bias (Spurious Rewards, RESEARCH.md sections 1 and 2b) on the transformer organism: under a
// random reward the code mode (the prior's favourite) rises only with ratio clipping. Controls: the
// unclipped surrogate on the same 16 stale mini-batches, one update per rollout batch (on-policy), and
// "fresh": as many on-policy updates as the clipped arm makes, each on new rollouts (update count and
// samples matched, ratio fixed at 1), which separates clipping from mere update count.
//
// Settings: the shared regime (./regime.ts; why each value). Also the issue-3 mechanism check: the
// PyTorch spike found, in this regime, standard clip raising code rate and accuracy, Clip-Higher less,
// on-policy and fresh updates not.
//
// Measured (seeds 100-107, engine 0.2.0, wasm; 40 runs, 50m30s): the spike's pattern in 7 of 8 seeds,
// but one seed's code mode collapses, so most verdicts are inconclusive at 8 seeds (the report
// estimates ~25-40 seeds per arm for 80% power; the settings stay as chosen, the verdicts as measured).
//   held-out code rate (start 0.650)   standard 0.804 (7 seeds 0.80-0.96, seed 105: 0.08)
//                                       Clip-Higher 0.742 (below standard in 7/8 seeds), no clip 0.469,
//                                       on-policy 0.654 ± 0.02, fresh 0.197
//   held-out accuracy (start 0.521)    standard 0.533 (+0.013 [-0.035, 0.061]); no clip and fresh
//                                       collapse to ~0 (as in the spike: 0.057 and 0.267)
//   standard minus fresh: +0.607 [0.33, 0.88], supported; rare tokens (pi_old 0.05-0.20) are clipped
//   0.11 more often than common ones (0.80-0.95), supported. Clip fraction ~1.0% of tokens (the spike:
//   0.2% at lr 0.1). Seed 105, in both clipped arms (same rewards): the code rate drifts 0.65 -> 0.36
//   over steps 17-20 with no gradient spike (norm ~0.5), then clipping amplifies the new NL majority
//   to 0.08-0.18 - the "toward the majority mode, whatever it is" drift of RESEARCH.md section 2,
//   starting from a noise excursion of the shared mode logit.
// Inconclusive verdicts are skipped, not failed: they stay visible in the table.
//
// Controls dropped (run validity, docs/statistics.md): in all 16 runs of the no-clip and "fresh"
// on-policy arms the model collapsed (accuracy <= 0.002 and <= 15% of the probability on well-formed
// completions at the end), so "clipping raises the code rate more than no clipping / than fresh
// on-policy updates" compared the clipped arm with a broken model, not with a working policy that
// lacks clipping; both would now be 'invalid control'. They are removed with their arms. Making those
// controls valid (a step size at which unclipped and fresh updates stay well-formed) changes what
// they control for and needs new transformer runs; the on-policy (1 update per batch) control stays.
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
