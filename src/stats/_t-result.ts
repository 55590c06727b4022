// Internal: shared tail and interval arithmetic of the t tests. Not re-exported from index.ts.
import { tCdf, tQuantile } from './_dist.js'
import type { Alternative, Interval } from './types.js'

/** Result of `welchTTest` / `pairedTTest`. */
export interface TTestResult {
  /** t statistic, diff / se. */
  t: number
  /** Degrees of freedom (Welch-Satterthwaite, or n - 1 when paired). */
  df: number
  /** p-value for `alternative`. */
  p: number
  /** mean(a) - mean(b) (= mean(a - b) when paired). */
  diff: number
  /** Standard error of `diff`. */
  se: number
  /**
   * Two-sided interval for the difference at `level` (default 0.95), whatever `alternative` is.
   * Its lower (upper) end at level 1 - 2 alpha is the one-sided 1 - alpha bound that agrees with
   * the 'greater' ('less') test at alpha.
   */
  ci: Interval
  alternative: Alternative
}

/** p-value of a t statistic for an alternative; every tail is computed directly (no 1 - cdf). */
export function tPValue(t: number, df: number, alternative: Alternative): number {
  if (alternative === 'greater') return tCdf(-t, df)
  if (alternative === 'less') return tCdf(t, df)
  return Math.min(1, 2 * tCdf(-Math.abs(t), df))
}

/** Assemble a t-test result; se = 0 or NaN makes t, df, p and ci NaN (see the rule in index.ts). */
export function tResult(diff: number, se: number, df: number, alternative: Alternative, level: number): TTestResult {
  if (!(se > 0) || !(df > 0)) {
    return { t: NaN, df: NaN, p: NaN, diff, se, ci: { lo: NaN, hi: NaN }, alternative }
  }
  const t = diff / se
  const half = tQuantile((1 + level) / 2, df) * se
  return { t, df, p: tPValue(t, df, alternative), diff, se, ci: { lo: diff - half, hi: diff + half }, alternative }
}
