import { checkSample, type Sample } from './_check.js'
import { sortedCopy } from './_sorted.js'

/**
 * How the interquartile mean treats a sample whose size is not a multiple of 4.
 * - 'trim' (default): drop floor(0.25 n) observations from each end and average the rest.
 *   This is exactly `scipy.stats.trim_mean(x, 0.25)`, which rliable's `aggregate_iqm` calls:
 *   SciPy *does not interpolate*, it "slices off less if proportion results in a non-integer
 *   slice index". Consequence: for n <= 3 nothing is trimmed and the IQM equals the mean.
 * - 'fractional': the mean of the middle 50% of the empirical distribution,
 *   2 * integral_{0.25}^{0.75} Q(p) dp with Q the empirical (step) quantile function, so the two
 *   boundary observations get fractional weight. Equals 'trim' whenever n is a multiple of 4.
 */
export type IqmMethod = 'trim' | 'fractional'

/**
 * Interquartile mean (25% trimmed mean), the robust aggregate recommended by rliable
 * (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice").
 * NaN for an empty sample. See {@link IqmMethod} for the non-multiple-of-4 case.
 *
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.trim_mean.html
 * and https://github.com/google-research/rliable/blob/master/rliable/metrics.py (aggregate_iqm)
 *
 * @example
 * interquartileMean([1, 2, 4, 8, 100])                           // (2 + 4 + 8) / 3 = 4.6667 ('trim', = scipy)
 * interquartileMean([1, 2, 4, 8, 100], { method: 'fractional' }) // 0.3*2 + 0.4*4 + 0.3*8 = 4.6
 */
export function interquartileMean(x: Sample, opts: { method?: IqmMethod } = {}): number {
  checkSample('interquartileMean', 'x', x)
  const method = opts.method ?? 'trim'
  const n = x.length
  if (n === 0) return NaN
  const s = sortedCopy(x)
  if (method === 'trim') {
    const cut = Math.floor(0.25 * n)
    let sum = 0
    for (let i = cut; i < n - cut; i++) sum += s[i]
    return sum / (n - 2 * cut)
  }
  if (method === 'fractional') {
    // Order statistic i (0-based) owns the probability interval [i/n, (i+1)/n]; its weight is
    // twice the overlap of that interval with [0.25, 0.75].
    let sum = 0
    for (let i = 0; i < n; i++) {
      const overlap = Math.min((i + 1) / n, 0.75) - Math.max(i / n, 0.25)
      if (overlap > 0) sum += 2 * overlap * s[i]
    }
    return sum
  }
  throw new RangeError(`interquartileMean: method must be 'trim' or 'fractional' (got ${String(method)})`)
}
