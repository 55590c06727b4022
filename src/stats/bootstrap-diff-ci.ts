import { checkOpenUnit, checkReps, checkSameLength, checkSample, type Sample } from './_check.js'
import { percentileInterval } from './_percentile-interval.js'
import { DEFAULT_BOOTSTRAP_REPS, type BootstrapOptions } from './bootstrap-mean-ci.js'
import type { Interval } from './types.js'

/**
 * Percentile-bootstrap interval for mean(a) - mean(b).
 * - paired (`paired: true`): resample seed indices jointly, i.e. resample the per-seed differences
 *   a_i - b_i (n calls of `rng.int(n)` per replicate); throws if the lengths differ. With the same
 *   rng this gives exactly `bootstrapMeanCi(a - b)`.
 * - unpaired (default): resample each arm separately (stratified bootstrap, as rliable does per
 *   algorithm): per replicate na draws from a, then nb draws from b.
 * The interval is the (1 - level)/2, (1 + level)/2 type-7 quantiles of the replicate differences
 * (reps default 10_000, level default 0.95). NaN bounds when an arm (or the pair list) has fewer
 * than 2 values. Deterministic given the rng state.
 *
 * Reference: Efron & Tibshirani 1993, An Introduction to the Bootstrap, ch. 8 (two-sample) and 13;
 * https://en.wikipedia.org/wiki/Bootstrapping_(statistics)
 *
 * @example
 * // Unpaired, a = [0, 2], b = [0, 1]: mean(a*) in {0, 1, 2} w.p. 1/4, 1/2, 1/4 and
 * // mean(b*) in {0, 0.5, 1} likewise; the extreme differences -1 and 2 each have probability
 * // 1/16 = 0.0625 > 0.05, so the 90% interval is
 * bootstrapDiffCi([0, 2], [0, 1], { rng: makeRng(1), level: 0.9 }) // { lo: -1, hi: 2 }
 */
export function bootstrapDiffCi(a: Sample, b: Sample, opts: BootstrapOptions & { paired?: boolean }): Interval {
  checkSample('bootstrapDiffCi', 'a', a)
  checkSample('bootstrapDiffCi', 'b', b)
  const paired = opts.paired ?? false
  if (paired) checkSameLength('bootstrapDiffCi', a, b)
  const reps = opts.reps ?? DEFAULT_BOOTSTRAP_REPS
  const level = opts.level ?? 0.95
  checkReps('bootstrapDiffCi', reps)
  checkOpenUnit('bootstrapDiffCi', 'level', level)
  const na = a.length
  const nb = b.length
  if (na < 2 || nb < 2) return { lo: NaN, hi: NaN }
  const { rng } = opts
  const stats = new Float64Array(reps)
  if (paired) {
    const d = Float64Array.from({ length: na }, (_, i) => a[i] - b[i])
    for (let r = 0; r < reps; r++) {
      let s = 0
      for (let i = 0; i < na; i++) s += d[rng.int(na)]
      stats[r] = s / na
    }
  } else {
    for (let r = 0; r < reps; r++) {
      let sa = 0
      for (let i = 0; i < na; i++) sa += a[rng.int(na)]
      let sb = 0
      for (let i = 0; i < nb; i++) sb += b[rng.int(nb)]
      stats[r] = sa / na - sb / nb
    }
  }
  return percentileInterval(stats, level)
}
