import { tInterval } from './t-interval.js'

/** Result of {@link meanBand}: per position, the mean and its t interval. */
export interface MeanBand {
  mean: number[]
  lo: number[]
  hi: number[]
}

/**
 * The band a curve over steps (or a condition along a sweep) is drawn with: per position j, the
 * mean of samples[j] (the per-seed values there) and its Student-t interval (tInterval, level
 * 0.95 by default). The mean is the plain left-to-right sum over n, as the reports have always
 * shown it (mean() sums twice and can differ in the last bit). An empty sample gives a NaN mean
 * and NaN bounds; a non-finite value throws (tInterval's check).
 *
 * Reference: https://en.wikipedia.org/wiki/Student%27s_t-distribution#Confidence_intervals
 *
 * @example
 * meanBand([[1, 3], [2, 2]]) // { mean: [2, 2], lo: [-10.706205, 2], hi: [14.706205, 2] }
 */
export function meanBand(samples: readonly (readonly number[])[], level = 0.95): MeanBand {
  const out: MeanBand = { mean: [], lo: [], hi: [] }
  for (const v of samples) {
    const { lo, hi } = tInterval(v, level)
    out.mean.push(v.reduce((s, x) => s + x, 0) / v.length)
    out.lo.push(lo)
    out.hi.push(hi)
  }
  return out
}
