// The seed's 2x2 (docs/organisms.md#the-claim-the-organisms-are-built-for) on the transformer organism:
// (A) random + standard clip, (B) random + Clip-Higher (DAPO, Yu et al. arXiv:2503.14476), (C) verifier
// + standard, (D) verifier + Clip-Higher. Predictions: B < A (Clip-Higher weakens prior amplification)
// and D > C while learning is under way (Clip-Higher spreads rare discoveries).
//
// Settings: the shared regime (./regime.ts). The organism is qwen-math-7b-gap-like: as
// qwen-math-7b-like, but NL has a real capability gap (right only 2% of the time on carry problems),
// so a clean reward has something rare to discover and D vs C can come out either way (the spike's
// organism, whose NL was worse only in the prior, gave C = D to two decimals). "While learning is
// under way" is the rollouts' accuracy averaged over steps 1-20, as in the linear twin.
// Inconclusive verdicts are skipped, not failed (visible in the table).
// Verdicts and figures: docs/results.md (generated); the first 8-seed run: docs/history.md.
import { ablation, arm, hypothesis, expectArm } from 'rlvr-ablate'
import { CLIP_HIGHER, RANDOM, TRANSFORMER_REGIME, VERIFIER } from './regime.js'

ablation('clip-higher 2x2', { organism: 'qwen-math-7b-gap-like', ...TRANSFORMER_REGIME }, () => {
  const A = arm('A: random, standard clip', { reward: RANDOM })
  const B = arm('B: random, Clip-Higher', { reward: RANDOM, ...CLIP_HIGHER })
  const C = arm('C: verifier, standard clip', { reward: VERIFIER })
  const D = arm('D: verifier, Clip-Higher', { reward: VERIFIER, ...CLIP_HIGHER })

  hypothesis('B < A: Clip-Higher weakens prior amplification (code rate)', () => expectArm(B).on('mode_rate:code').toBeLessThan(A))
  hypothesis('B < A on accuracy', () => expectArm(B).on('accuracy').toBeLessThan(A))
  hypothesis('D > C while learning is under way', () => expectArm(D).on('train_accuracy', { meanOverSteps: [1, 20] }).toBeGreaterThan(C))
})
