// Is one sample's spread smaller than another's? The F test of the variance ratio (Snedecor),
// one-sided: H1 var(b) < var(a). Exact for normal samples and sensitive to non-normality, so it is
// used for pilot comparisons (docs/history.md), not for verdicts.
import { fCdf } from './_dist.js'
import { sampleVariance } from './sample-variance.js'

export interface VarianceRatioResult {
  /** var(b) / var(a) */
  ratio: number
  /** P(F(n_a - 1, n_b - 1) >= var(a) / var(b)): small when b's spread is smaller than a's. */
  p: number
}

/**
 * @example
 * varianceRatioTest([0, 2, 4, 6], [1, 2, 3, 4]) // { ratio: 0.25, p: 0.14... }
 */
export function varianceRatioTest(a: readonly number[], b: readonly number[]): VarianceRatioResult {
  if (a.length < 2 || b.length < 2) throw new RangeError(`varianceRatioTest: each sample needs >= 2 values (got ${a.length} and ${b.length})`)
  const va = sampleVariance(a), vb = sampleVariance(b)
  return { ratio: vb / va, p: 1 - fCdf(va / vb, a.length - 1, b.length - 1) }
}
