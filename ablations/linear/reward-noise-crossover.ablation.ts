// Where along the continuum from clean to random reward does Clip-Higher stop helping? The noisy
// verifier rewards the true answer with probability 1 - q and a coin flip with probability q (q = 0
// clean, q = 1 random); two sweeps (standard clip 0.2/0.2 and Clip-Higher 0.2/0.28) and one
// expectation: Clip-Higher is ahead at the clean end and behind at the random end, both significant
// (intersection-union test, docs/statistics.md), and the crossing located by a bootstrap over seeds.
//
// Settings: the section-2 regime (64 x 32, 16 mini-batches, SGD lr 0.6, token-mean loss, 50 steps,
// 8 seeds). The metric is the rollouts' accuracy averaged over steps 1-20, where the 2x2 found
// Clip-Higher ahead on clean reward (while learning is under way); on random reward it is behind.
// Measured (8 seeds): the difference Clip-Higher minus standard is +0.002 at q = 0 and -0.023 at
// q = 1; it changes sign at q = 0.54 [0.47, 0.58] (bootstrap over seeds, 100% of replicates cross).
import { ablation, hypothesis, expectSweep, sweep } from 'rlvr-ablate'
import { SECTION_2 } from './regime.js'

const q = [0, 0.25, 0.5, 0.75, 1]

ablation('reward-noise crossover (linear)', {
  organism: 'toy-linear', seeds: 8,
  ...SECTION_2,
}, () => {
  const standard = sweep('standard clip', { q }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
  const higher = sweep('Clip-Higher', { q }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))

  hypothesis('accuracy falls as the reward gets noisier (standard clip)', () =>
    expectSweep(standard).on('train_accuracy', { meanOverSteps: [1, 20] }).toBeMonotone('decreasing'))
  hypothesis('Clip-Higher stops helping somewhere between clean and random reward', () =>
    expectSweep(higher).on('train_accuracy', { meanOverSteps: [1, 20] }).toCrossOver(standard, { start: 'above' }))
})
