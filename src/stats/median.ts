import type { Sample } from './_check.js'
import { quantile } from './quantile.js'

/**
 * Sample median (middle order statistic, or the mean of the two middle ones for even n).
 * NaN for an empty sample.
 *
 * Reference: https://en.wikipedia.org/wiki/Median
 *
 * @example
 * median([3, 1, 4, 1, 5, 9]) // (3 + 4) / 2 = 3.5
 */
export function median(x: Sample): number {
  return quantile(x, 0.5)
}
