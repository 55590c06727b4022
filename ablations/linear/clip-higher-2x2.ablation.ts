// The seed's 2x2 (docs/organisms.md#the-claim-the-organisms-are-built-for): (A) random + standard
// clip, (B) random + Clip-Higher, (C) verifier + standard, (D) verifier + Clip-Higher. Predictions:
// B < A (Clip-Higher weakens prior amplification) and D > C while learning is under way (Clip-Higher
// spreads rare discoveries).
//
// Settings: the linear regime (./regime.ts: 64 x 32, 16 mini-batches, SGD lr 0.6, token-mean loss,
// 50 steps, 8 seeds). "While learning is under way" is the mean rollout accuracy over steps 1-20, where
// the organism study found D > C (docs/organisms.md#the-organism-study); the final accuracy saturates
// at 0.8 for both. Verdicts and figures: docs/results.md (generated).
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { SECTION_2 } from './regime.js'

ablation('clip-higher 2x2 (linear)', {
  organism: 'toy-linear', seeds: 8,
  ...SECTION_2,
}, () => {
  const A = arm('A: random, standard clip', { reward: { kind: 'random', gamma: 0.5 } })
  const B = arm('B: random, Clip-Higher', { reward: { kind: 'random', gamma: 0.5 }, epsilonHigh: 0.28 })
  const C = arm('C: verifier, standard clip', { reward: { kind: 'verifier' } })
  const D = arm('D: verifier, Clip-Higher', { reward: { kind: 'verifier' }, epsilonHigh: 0.28 })

  hypothesis('B < A: Clip-Higher weakens prior amplification (code rate)', () => expectArm(B).on('mode_rate:code').toBeLessThan(A))
  hypothesis('B < A on accuracy', () => expectArm(B).on('accuracy').toBeLessThan(A))
  hypothesis('D > C while learning is under way', () => expectArm(D).on('train_accuracy', { meanOverSteps: [1, 20] }).toBeGreaterThan(C))
})
