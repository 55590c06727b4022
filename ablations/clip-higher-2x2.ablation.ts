// The seed's 2x2 (RESEARCH.md section 1) on the transformer organism: (A) random + standard clip,
// (B) random + Clip-Higher, (C) verifier + standard, (D) verifier + Clip-Higher. Predictions: B < A
// (Clip-Higher weakens prior amplification) and D > C while learning is under way (Clip-Higher
// spreads rare discoveries).
//
// Settings: the shared regime (./regime.ts). The organism is qwen-math-7b-gap-like: as
// qwen-math-7b-like, but NL has a real capability gap (right only 2% of the time on carry problems),
// so a clean reward has something rare to discover and D vs C can come out either way (the spike's
// organism, whose NL was worse only in the prior, gave C = D to two decimals). "While learning is
// under way" is the rollouts' accuracy averaged over steps 1-20, as in the linear twin.
//
// Measured (seeds 100-107, 32 runs, 34m50s): all three inconclusive at 8 seeds. B < A on the code rate:
// 0.676 vs 0.821, -0.146 [-0.302, 0.010] (~22 seeds for 80% power); seed 105 flips to NL under both
// clips, as on qwen-math-7b-like (same random-reward stream: the flip follows the reward draw, not the
// organism). B < A on accuracy: 0.505 vs 0.525, -0.021 [-0.083, 0.042]. D > C while learning is under
// way: rollout accuracy over steps 1-20 0.874 vs 0.868, +0.0053 [0.0010, 0.0096], Holm-adjusted p 0.081
// (~14 seeds for 80% power). Inconclusive verdicts are skipped, not failed (visible in the table).
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
