// Random reward Bernoulli(gamma), gamma in {0.7, 0.5, 0.3, 0.001, 0} (Spurious Rewards' ablation,
// arXiv:2506.10947): every non-zero gamma raises the code rate eventually; gamma = 0 changes nothing.
//
// Settings: the linear regime (./regime.ts: 64 x 32, 16 mini-batches, SGD lr 0.6, token-mean loss,
// 50 steps, 8 seeds). gamma = 0 gives every sample advantage 0, so nothing moves (equivalence within
// 0.01). gamma = 0.001 rewards ~2 of 2048 samples a step: 50 steps are far from "eventually".
// Inconclusive verdicts are skipped, not failed: they stay visible in the table.
// Verdicts and figures (with the seeds 80% power would need): docs/results.md (generated).
import { ablation, hypothesis, expectArm, sweep } from 'rlvr-ablate'
import { SECTION_2 } from './regime.js'

ablation('random-gamma (linear)', {
  organism: 'toy-linear', seeds: 8, inconclusive: 'skip',
  ...SECTION_2,
}, () => {
  const g = sweep('random reward', { gamma: [0, 0.001, 0.3, 0.5, 0.7] }, (gamma) => ({ reward: { kind: 'random', gamma } }))
  const [g0, g0001, g03, g05, g07] = g.arms
  hypothesis('gamma = 0 changes nothing', () => expectArm(g0).on('mode_rate:code').toBeUnchanged({ margin: 0.01 }))
  hypothesis('gamma = 0.3 raises the code rate', () => expectArm(g03).on('mode_rate:code').toIncrease())
  hypothesis('gamma = 0.5 raises the code rate', () => expectArm(g05).on('mode_rate:code').toIncrease())
  hypothesis('gamma = 0.7 raises the code rate', () => expectArm(g07).on('mode_rate:code').toIncrease())
  hypothesis('gamma = 0.001 raises the code rate', () => expectArm(g0001).on('mode_rate:code').toIncrease())
})
