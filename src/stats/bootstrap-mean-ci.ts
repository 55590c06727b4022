import type { Rng } from '../util/rng.js'
import { checkOpenUnit, checkReps, checkSample, type Sample } from './_check.js'
import { percentileInterval } from './_percentile-interval.js'
import type { Interval } from './types.js'

/** Default number of bootstrap replicates used across src/stats (rliable uses 50_000). */
export const DEFAULT_BOOTSTRAP_REPS = 10_000

/** Options for the bootstrap intervals. */
export interface BootstrapOptions {
  /** Source of randomness; pass a fresh `makeRng(seed, stream)` for reproducible intervals. */
  rng: Rng
  /** Replicates (default 10_000; the Monte-Carlo error of a 2.5% endpoint is then a small fraction of the sampling spread). */
  reps?: number
  /** Two-sided confidence level (default 0.95). */
  level?: number
}

/**
 * Percentile-bootstrap confidence interval for the mean (Efron & Tibshirani 1993, ch. 13):
 * draw `reps` resamples of size n with replacement (n calls of `rng.int(n)` per replicate, in
 * order), take each resample's mean, and return the (1 - level)/2 and (1 + level)/2 type-7
 * quantiles of those means. Deterministic given the rng state. NaN bounds when n < 2.
 * Note: at n = 3..10 the percentile interval is narrower than the t interval (it ignores the
 * n/(n-1) variance deflation and t tails), so it under-covers; report it next to `tInterval`.
 *
 * Reference: https://en.wikipedia.org/wiki/Bootstrapping_(statistics)#Deriving_confidence_intervals_from_the_bootstrap_distribution
 *
 * @example
 * // Exact bootstrap distribution of the mean of a resample of {0, 1, 5}: 27 equally likely
 * // outcomes, min 0 and max 5 each with probability 1/27 = 0.037 > 0.025, so with 10_000 reps
 * bootstrapMeanCi([0, 1, 5], { rng: makeRng(1) }) // { lo: 0, hi: 5 }
 */
export function bootstrapMeanCi(x: Sample, opts: BootstrapOptions): Interval {
  checkSample('bootstrapMeanCi', 'x', x)
  const reps = opts.reps ?? DEFAULT_BOOTSTRAP_REPS
  const level = opts.level ?? 0.95
  checkReps('bootstrapMeanCi', reps)
  checkOpenUnit('bootstrapMeanCi', 'level', level)
  const n = x.length
  if (n < 2) return { lo: NaN, hi: NaN }
  const { rng } = opts
  const stats = new Float64Array(reps)
  for (let r = 0; r < reps; r++) {
    let s = 0
    for (let i = 0; i < n; i++) s += x[rng.int(n)]
    stats[r] = s / n
  }
  return percentileInterval(stats, level)
}
