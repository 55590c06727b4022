import { checkOpenUnit } from './_check.js'
import { tQuantile } from './_dist.js'
import { noncentralTCdf } from './noncentral-t-cdf.js'

/** Design of a planned t test, shared by `tTestPower` and `seedsForPower`. */
export interface PowerDesign {
  /** Significance level (default 0.05). */
  alpha?: number
  /**
   * true: paired t test on n per-seed differences (effect = d_z, df = n - 1, ncp = d sqrt(n)).
   * false (default): two independent arms of n seeds each, equal variances (effect = Cohen's d,
   * df = 2n - 2, ncp = d sqrt(n / 2)).
   */
  paired?: boolean
  /** One-sided test in the direction of a positive effect (default true); false = two-sided. */
  oneSided?: boolean
}

/**
 * Exact power of the (Student) t test from the noncentral t distribution:
 * one-sided: P(T'_{df, ncp} > t_{1-alpha, df}); two-sided: P(T' > t_{1-alpha/2}) + P(T' < -t_{1-alpha/2})
 * (both rejection regions, i.e. R's power.t.test with strict = TRUE). `n` is per arm (pairs when
 * paired) and may be fractional; NaN when n < 2. A negative effect with a one-sided design gives
 * power below alpha (the test looks the other way). For Welch's test with equal n this is an upper
 * bound (Welch's df <= 2n - 2); test/stats-calibration.test.ts derives the exact Welch power.
 *
 * Reference: https://en.wikipedia.org/wiki/Noncentral_t-distribution#Use_in_power_analysis
 *
 * @example
 * tTestPower(1, 20, { oneSided: false }) // 0.868953 (R: power.t.test(n = 20, delta = 1) -> 0.8689528, upper region only)
 */
export function tTestPower(effect: number, n: number, design: PowerDesign = {}): number {
  const alpha = design.alpha ?? 0.05
  checkOpenUnit('tTestPower', 'alpha', alpha)
  if (Number.isNaN(effect) || Number.isNaN(n) || n < 2) return NaN
  const paired = design.paired ?? false
  const oneSided = design.oneSided ?? true
  const df = paired ? n - 1 : 2 * n - 2
  const ncp = paired ? effect * Math.sqrt(n) : effect * Math.sqrt(n / 2)
  const crit = tQuantile(1 - (oneSided ? alpha : alpha / 2), df)
  const upper = noncentralTCdf(crit, df, ncp, 'upper')
  return oneSided ? upper : upper + noncentralTCdf(-crit, df, ncp, 'lower')
}
