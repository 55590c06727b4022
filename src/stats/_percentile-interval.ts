// Internal: percentile interval of a bootstrap distribution. Not re-exported from index.ts.
import { quantileSorted } from './_sorted.js'
import type { Interval } from './types.js'

/**
 * Equal-tailed percentile interval: the (1 - level)/2 and (1 + level)/2 type-7 quantiles of the
 * replicate statistics (sorted in place).
 */
export function percentileInterval(stats: Float64Array, level: number): Interval {
  stats.sort()
  return { lo: quantileSorted(stats, (1 - level) / 2), hi: quantileSorted(stats, (1 + level) / 2) }
}
