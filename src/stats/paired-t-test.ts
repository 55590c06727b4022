import { checkAlternative, checkOpenUnit, checkSameLength, checkSample, type Sample } from './_check.js'
import { tResult, type TTestResult } from './_t-result.js'
import { mean } from './mean.js'
import { sampleStd } from './sample-std.js'
import type { Alternative } from './types.js'

/**
 * Paired t test on the per-seed differences d_i = a_i - b_i: t = mean(d) / (sd(d) / sqrt(n)),
 * df = n - 1. Same output shape as `welchTTest` (`diff` = mean(d), two-sided `ci` at `level`).
 * Throws if the lengths differ (the message names both lengths); NaN t/df/p/ci when n < 2 or all
 * differences are equal. Same numbers as R `t.test(a, b, paired = TRUE)`.
 *
 * Reference: https://en.wikipedia.org/wiki/Student%27s_t-test#Dependent_t-test_for_paired_samples
 *
 * @example
 * // R: t.test(sleep1, sleep2, paired = TRUE) -> t = -4.0621, df = 9, p-value = 0.002833,
 * //    95 percent CI -2.4598858 -0.7001142
 * pairedTTest(sleep1, sleep2, 'two-sided') // { t: -4.062128, df: 9, p: 0.00283289, diff: -1.58, ci: { lo: -2.459886, hi: -0.7001142 } }
 */
export function pairedTTest(
  a: Sample,
  b: Sample,
  alternative: Alternative = 'two-sided',
  opts: { level?: number } = {},
): TTestResult {
  checkSample('pairedTTest', 'a', a)
  checkSample('pairedTTest', 'b', b)
  checkSameLength('pairedTTest', a, b)
  checkAlternative('pairedTTest', alternative)
  const level = opts.level ?? 0.95
  checkOpenUnit('pairedTTest', 'level', level)
  const n = a.length
  const d = Float64Array.from({ length: n }, (_, i) => a[i] - b[i])
  const diff = n > 0 ? mean(d) : NaN
  if (n < 2) return tResult(diff, NaN, NaN, alternative, level)
  return tResult(diff, sampleStd(d) / Math.sqrt(n), n - 1, alternative, level)
}
