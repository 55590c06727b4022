import { checkSample, type Sample } from './_check.js'
import { mean } from './mean.js'

/**
 * Unbiased sample variance, sum((x - mean)^2) / (n - 1). NaN when n < 2.
 *
 * Reference: https://en.wikipedia.org/wiki/Variance#Unbiased_sample_variance
 *
 * @example
 * sampleVariance([2, 4, 4, 4, 5, 5, 7, 9]) // 32 / 7 = 4.571428...
 */
export function sampleVariance(x: Sample): number {
  checkSample('sampleVariance', 'x', x)
  const n = x.length
  if (n < 2) return NaN
  const m = mean(x)
  let ss = 0
  let r = 0
  for (let i = 0; i < n; i++) {
    const d = x[i] - m
    ss += d * d
    r += d
  }
  // Corrected two-pass formula (Chan, Golub & LeVeque 1983): subtracts the rounding residue r.
  return (ss - (r * r) / n) / (n - 1)
}
