import { checkSample, type Sample } from './_check.js'
import { quantileSorted, sortedCopy } from './_sorted.js'

/**
 * Sample quantile by linear interpolation between order statistics (Hyndman & Fan 1996
 * definition 7, the default of R `quantile()` and `numpy.quantile`): with the sample sorted
 * ascending and 0-based, h = (n - 1) p and Q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * NaN for an empty sample; throws if p is not in [0, 1].
 *
 * Reference: https://en.wikipedia.org/wiki/Quantile#Estimating_quantiles_from_a_sample
 *
 * @example
 * quantile([1, 2, 3, 4], 0.25) // 1.75 (numpy.quantile([1, 2, 3, 4], 0.25) = 1.75)
 */
export function quantile(x: Sample, p: number): number {
  checkSample('quantile', 'x', x)
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1] (got ${String(p)})`)
  return quantileSorted(sortedCopy(x), p)
}
