import { checkAlternative, checkOpenUnit, checkSample, type Sample } from './_check.js'
import { tResult, type TTestResult } from './_t-result.js'
import { mean } from './mean.js'
import { sampleVariance } from './sample-variance.js'
import type { Alternative } from './types.js'

/**
 * Welch's unequal-variance t test of mean(a) - mean(b) for independent arms:
 * t = diff / se, se^2 = sa^2/na + sb^2/nb, Welch-Satterthwaite
 * df = se^4 / ((sa^2/na)^2/(na-1) + (sb^2/nb)^2/(nb-1)).
 * `ci` is the two-sided interval diff -/+ t_{(1+level)/2, df} se (level default 0.95) for every
 * alternative; pass `level: 1 - 2 * alpha` to get the one-sided bound matching a one-sided test.
 * NaN t/df/p/ci when either arm has fewer than 2 values or se = 0 (both arms constant).
 * Same numbers as R `t.test(a, b, alternative)` (var.equal = FALSE default).
 *
 * Reference: https://en.wikipedia.org/wiki/Welch%27s_t-test
 *
 * @example
 * // R: t.test(extra ~ group, data = sleep) -> t = -1.8608, df = 17.776, p-value = 0.07939,
 * //    95 percent CI -3.3654832 0.2054832
 * welchTTest(sleep1, sleep2, 'two-sided') // { t: -1.860813, df: 17.77647, p: 0.07939414, diff: -1.58, ci: { lo: -3.365483, hi: 0.2054832 } }
 */
export function welchTTest(
  a: Sample,
  b: Sample,
  alternative: Alternative = 'two-sided',
  opts: { level?: number } = {},
): TTestResult {
  checkSample('welchTTest', 'a', a)
  checkSample('welchTTest', 'b', b)
  checkAlternative('welchTTest', alternative)
  const level = opts.level ?? 0.95
  checkOpenUnit('welchTTest', 'level', level)
  const na = a.length
  const nb = b.length
  const diff = na > 0 && nb > 0 ? mean(a) - mean(b) : NaN
  if (na < 2 || nb < 2) return tResult(diff, NaN, NaN, alternative, level)
  const va = sampleVariance(a) / na
  const vb = sampleVariance(b) / nb
  const se = Math.sqrt(va + vb)
  const df = ((va + vb) * (va + vb)) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1))
  return tResult(diff, se, df, alternative, level)
}
