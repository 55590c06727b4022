// Random reward Bernoulli(gamma), gamma in {0.7, 0.5, 0.3, 0.001, 0} (Spurious Rewards' ablation,
// arXiv:2506.10947) on qwen-math-7b-like: every non-zero gamma raises the code rate; gamma = 0 changes
// nothing (every advantage is 0, so no parameter moves: equivalence within 0.01).
//
// Settings: the shared regime (./regime.ts). gamma = 0.001 rewards ~2 of 2048 samples a step: 50 steps
// are far from the paper's "eventually"; it is kept as the paper states it. gamma 0.5 is
// clipping-bias's standard-clip arm (shared runs). Inconclusive verdicts are skipped, not failed:
// they stay visible in the table.
// Verdicts and figures: docs/results.md (generated); the first 8-seed run: docs/history.md.
import { ablation, hypothesis, expectArm, sweep } from 'rlvr-ablate'
import { TRANSFORMER_REGIME } from './regime.js'

ablation('random-gamma', { organism: 'qwen-math-7b-like', ...TRANSFORMER_REGIME }, () => {
  const g = sweep('random reward', { gamma: [0, 0.001, 0.3, 0.5, 0.7] }, (gamma) => ({ reward: { kind: 'random', gamma } }))
  const [g0, g0001, g03, g05, g07] = g.arms
  hypothesis('gamma = 0 changes nothing', () => expectArm(g0).on('mode_rate:code').toBeUnchanged({ margin: 0.01 }))
  hypothesis('gamma = 0.3 raises the code rate', () => expectArm(g03).on('mode_rate:code').toIncrease())
  hypothesis('gamma = 0.5 raises the code rate', () => expectArm(g05).on('mode_rate:code').toIncrease())
  hypothesis('gamma = 0.7 raises the code rate', () => expectArm(g07).on('mode_rate:code').toIncrease())
  hypothesis('gamma = 0.001 raises the code rate', () => expectArm(g0001).on('mode_rate:code').toIncrease())
})
