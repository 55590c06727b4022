// Where along the continuum from clean to random reward does Clip-Higher stop helping? The noisy
// verifier rewards the true answer with probability 1 - q and a coin flip with probability q (q = 0
// clean, q = 1 random); two sweeps (standard clip 0.2/0.2 and Clip-Higher 0.2/0.28) and one
// expectation: Clip-Higher is ahead at the clean end and behind at the random end, both significant
// (intersection-union test, docs/statistics.md), and the crossing located by a bootstrap over seeds.
//
// Settings: the shared regime with the headline's sequential seeds plan (./regime.ts, HEADLINE_REGIME:
// looks at 8 .. 48 seeds, seeds 200-247) on qwen-math-7b-gap-spread-like, the 2x2's organism (NL has a
// real capability gap, so the clean end has something rare to discover). The metric is the rollouts'
// accuracy averaged over steps 1-20 (while learning is under way), as in the 2x2 and the linear twin.
// The two ends are the 2x2's rewards themselves: q = 0 is the verifier and q = 1 the random reward
// (Bernoulli 0.5), which is what the noisy verifier is at those ends (in distribution; the noisy
// verifier draws two uniforms per sample, so its stream differs), so the ends share the 2x2's runs.
// Verdicts and figures (per-q means, the crossover and its interval): docs/results.md (generated);
// the first 8-seed run: docs/history.md.
import { ablation, hypothesis, expectSweep, sweep } from 'rlvr-ablate'
import { CLIP_HIGHER, HEADLINE_REGIME, RANDOM, VERIFIER } from './regime.js'

const q = [0, 0.25, 0.5, 0.75, 1]
const noisyVerifier = (q: number) => (q === 0 ? VERIFIER : q === 1 ? RANDOM : { kind: 'noisy-verifier' as const, q })

ablation('reward-noise crossover', { organism: 'qwen-math-7b-gap-spread-like', ...HEADLINE_REGIME }, () => {
  const standard = sweep('standard clip', { q }, (q) => ({ reward: noisyVerifier(q) }))
  const higher = sweep('Clip-Higher', { q }, (q) => ({ reward: noisyVerifier(q), ...CLIP_HIGHER }))

  hypothesis('accuracy falls as the reward gets noisier (standard clip)', () =>
    expectSweep(standard).on('train_accuracy', { meanOverSteps: [1, 20] }).toBeMonotone('decreasing'))
  hypothesis('Clip-Higher stops helping somewhere between clean and random reward', () =>
    expectSweep(higher).on('train_accuracy', { meanOverSteps: [1, 20] }).toCrossOver(standard, { start: 'above' }))
})
