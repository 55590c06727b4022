import { checkOpenUnit, checkSample, type Sample } from './_check.js'
import { tQuantile } from './_dist.js'
import { mean } from './mean.js'
import { sampleStd } from './sample-std.js'
import type { Interval } from './types.js'

/**
 * Student-t confidence interval for the mean: mean +/- t_{(1+level)/2, n-1} * s / sqrt(n).
 * NaN bounds when n < 2.
 *
 * Reference: https://en.wikipedia.org/wiki/Student%27s_t-distribution#Confidence_intervals
 *
 * @example
 * // n = 10, mean 0.75, s = 1.78901 (R `sleep` data, group 1); t_{0.975, 9} = 2.262157
 * tInterval([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]) // { lo: -0.5297804, hi: 2.0297804 }
 */
export function tInterval(x: Sample, level = 0.95): Interval {
  checkSample('tInterval', 'x', x)
  checkOpenUnit('tInterval', 'level', level)
  const n = x.length
  if (n < 2) return { lo: NaN, hi: NaN }
  const m = mean(x)
  const half = tQuantile((1 + level) / 2, n - 1) * sampleStd(x) / Math.sqrt(n)
  return { lo: m - half, hi: m + half }
}
