import { checkOpenUnit } from './_check.js'
import { betaQuantile } from './_dist.js'
import type { Interval } from './types.js'

/**
 * Exact (Clopper-Pearson) two-sided interval for a binomial proportion: `successes` out of `n`
 * trials, at `level` (default 0.95). lo = Beta quantile (1 - level)/2 of Beta(x, n - x + 1) (0 when
 * x = 0), hi = Beta quantile (1 + level)/2 of Beta(x + 1, n - x) (1 when x = n). It inverts the exact
 * binomial test, so at level 1 - 2 alpha its lower end exceeds p0 exactly when the one-sided test of
 * "proportion > p0" has p < alpha (up to ties at equality). NaN bounds when n = 0. Throws when n or
 * successes is not an integer, successes is outside 0..n, or level is outside (0, 1).
 *
 * Reference: Clopper & Pearson 1934, Biometrika 26(4), https://doi.org/10.1093/biomet/26.4.404 ;
 * R `binom.test(x, n)$conf.int`.
 *
 * @example
 * clopperPearsonInterval(7, 8)  // { lo: 0.4734903, hi: 0.9968403 } (R binom.test(7, 8); scipy binomtest(7, 8).proportion_ci())
 * clopperPearsonInterval(2, 10) // { lo: 0.0252107, hi: 0.5560955 }
 */
export function clopperPearsonInterval(successes: number, n: number, level = 0.95): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`clopperPearsonInterval: n must be an integer >= 0 (got ${String(n)})`)
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`clopperPearsonInterval: successes must be an integer in 0..n = 0..${n} (got ${String(successes)})`)
  }
  checkOpenUnit('clopperPearsonInterval', 'level', level)
  if (n === 0) return { lo: NaN, hi: NaN }
  const tail = (1 - level) / 2
  const lo = successes === 0 ? 0 : betaQuantile(tail, successes, n - successes + 1)
  const hi = successes === n ? 1 : betaQuantile(1 - tail, successes + 1, n - successes)
  return { lo, hi }
}
