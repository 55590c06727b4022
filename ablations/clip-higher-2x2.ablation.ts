// The seed's 2x2 (docs/organisms.md#the-claim-the-organisms-are-built-for) on the transformer organism:
// (A) random + standard clip, (B) random + Clip-Higher (DAPO, Yu et al. arXiv:2503.14476), (C) verifier
// + standard, (D) verifier + Clip-Higher. Predictions: B < A (Clip-Higher weakens prior amplification)
// and D > C while learning is under way (Clip-Higher spreads rare discoveries).
//
// Settings: the shared regime with the headline's sequential seeds plan (./regime.ts, HEADLINE_REGIME:
// looks at 8 .. 48 seeds, seeds 200-247). The organism is qwen-math-7b-gap-spread-like: NL has a real
// capability gap (right only 2% of the time on carry problems), so a clean reward has something rare to
// discover and D vs C can come out either way; and each problem has its own code probability around
// the mean (the spread pilots of docs/history.md). "While learning is under way" is the rollouts'
// accuracy averaged over steps 1-20, as in the linear twin.
// Minimum effects, declared with the plan: B < A needs 0.05 of code rate and 0.01 of accuracy to
// count as support (smaller effects would not explain the paper's gains), and an interval below them
// stops the hypothesis for futility. D > C has none (its first run's effect was +0.005): it runs until
// decided or to 48 seeds.
// Inconclusive verdicts are skipped, not failed (visible in the table). Verdicts and figures:
// docs/results.md (generated); the first 8-seed run (seeds 100-107, qwen-math-7b-gap-like): docs/history.md.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { CLIP_HIGHER, HEADLINE_REGIME, RANDOM, VERIFIER } from './regime.js'

ablation('clip-higher 2x2', { organism: 'qwen-math-7b-gap-spread-like', ...HEADLINE_REGIME }, () => {
  const A = arm('A: random, standard clip', { reward: RANDOM })
  const B = arm('B: random, Clip-Higher', { reward: RANDOM, ...CLIP_HIGHER })
  const C = arm('C: verifier, standard clip', { reward: VERIFIER })
  const D = arm('D: verifier, Clip-Higher', { reward: VERIFIER, ...CLIP_HIGHER })

  hypothesis('B < A: Clip-Higher weakens prior amplification (code rate)', () => expectArm(B).on('mode_rate:code').toBeLessThan(A, { difference: 0.05 }))
  hypothesis('B < A on accuracy', () => expectArm(B).on('accuracy').toBeLessThan(A, { difference: 0.01 }))
  hypothesis('D > C while learning is under way', () => expectArm(D).on('train_accuracy', { meanOverSteps: [1, 20] }).toBeGreaterThan(C))
})
