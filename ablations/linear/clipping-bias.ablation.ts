// Clipping bias (Spurious Rewards, RESEARCH.md section 1): under a random reward the code mode rises
// only with ratio clipping; unclipped multi-epoch updates, one update per batch, and as many on-policy
// updates on fresh rollouts (update count matched, ratio fixed at 1) do not amplify the prior.
//
// Settings: the section-2 organism and regime (64 prompts x G 32, 16 shuffled mini-batches, SGD lr 0.6,
// token-mean loss, 50 steps). Pilot (8 seeds): held-out code rate 0.65 -> 0.755 +- 0.06 with standard
// clipping (clip fraction ~2.9%), 0.41 +- 0.11 without clipping, 0.64 +- 0.02 on-policy; 8 seeds give
// power well above 80% at these effects (paired d > 2).
// Run validity (docs/statistics.md): the linear policy writes a mode token and an answer token and
// nothing else, so every run is well-formed by construction (validity 1) and the no-clip and fresh
// controls stay valid here; unlike the transformer file, whose no-clip and fresh controls collapsed
// and were dropped, these comparisons keep them (a mode shift, not a broken model).
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { clipRareMinusCommon, evalGain } from '../metrics.js'
import { SECTION_2 } from './regime.js'

ablation('clipping-bias (linear)', {
  organism: 'toy-linear', seeds: 8,
  ...SECTION_2, reward: { kind: 'random', gamma: 0.5 },
}, () => {
  const clipped = arm('standard clip')
  const noClip = arm('no clip', { clip: false })
  const onPolicy = arm('on-policy (1 update per batch)', { miniBatches: 1 })
  // 16 updates per 64-prompt batch -> 800 steps of 4 prompts x 32, one update each.
  const fresh = arm('on-policy, fresh rollouts', { steps: 800, promptsPerStep: 4, miniBatches: 1 })

  hypothesis('the code rate rises under standard clipping', () => expectArm(clipped).on('mode_rate:code').toIncrease())
  hypothesis('clipping raises the code rate more than no clipping', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(noClip))
  hypothesis('clipping raises the code rate more than on-policy updates', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(onPolicy))
  hypothesis('clipping raises the code rate more than fresh on-policy updates', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(fresh))
  // Where the clip acts: rare tokens (pi_old 0.05-0.20) are clipped far more often than common ones (0.80-0.95).
  hypothesis('the clip hits rare tokens more than common ones', () =>
    expectArm(clipped).on(clipRareMinusCommon, { label: 'clip frac rare - common' }).toBeAbove(0))
})

// The same check on the calibrated organism (issue 3: "the linear qwen-math-7b-like organism, random
// reward, standard clip, section-2 settings, 8 seeds: the code rate rises; with clipping off it does
// not"): qwen-math-7b-like-linear has the paper's figures (code 65%, accuracy 60.9% / 35%) and
// per-problem answer tables; only the mode trains. Measured (8 seeds): code rate 0.650 -> 0.729
// (+0.079 [0.032, 0.126]) with standard clipping, 0.443 without (-0.207); difference +0.286.
ablation('clipping-bias (qwen-math-7b-like-linear)', {
  organism: 'qwen-math-7b-like-linear', seeds: 8,
  ...SECTION_2, reward: { kind: 'random', gamma: 0.5 },
}, () => {
  const clipped = arm('standard clip')
  const noClip = arm('no clip', { clip: false })
  hypothesis('the code rate rises under standard clipping', () => expectArm(clipped).on('mode_rate:code').toIncrease())
  hypothesis('the code rate does not rise without clipping', () => expectArm(noClip).on(evalGain('eval/mode_rate/code'), { label: 'code rate gain' }).toBeBelow(0))
  hypothesis('clipping raises the code rate more than no clipping', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(noClip))
})
