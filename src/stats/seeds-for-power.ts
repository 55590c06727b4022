import { checkOpenUnit } from './_check.js'
import { normalQuantile, tCdf, tQuantile } from './_dist.js'
import { tTestPower, type PowerDesign } from './t-test-power.js'

/** Options of {@link seedsForPower}. */
export interface SeedsForPowerOptions extends PowerDesign {
  /** Target power (default 0.8). */
  power?: number
  /**
   * How step 2 evaluates the power of a candidate n (see the doc of seedsForPower):
   * 'noncentral-t' (default) = exact power, `tTestPower`; 'central-t' = shifted central-t
   * approximation.
   */
  method?: 'noncentral-t' | 'central-t'
}

/**
 * Seeds per arm (pairs when `paired`) needed for a t test to detect a standardized effect
 * `effect` (Cohen's d for two independent arms of equal size, d_z for paired) with the given power.
 * 1. Normal approximation: n0 = ((z_{1-a'} + z_{power}) / |d|)^2, times 2 for independent arms,
 *    with a' = alpha (one-sided, default) or alpha / 2 (two-sided).
 * 2. Refinement with the t distribution: start at max(2, ceil(n0)), increase n until power(n) >= target,
 *    then decrease while n - 1 still reaches it; return that integer n (>= 2). df = n - 1, ncp = |d| sqrt(n)
 *    (paired) or df = 2n - 2, ncp = |d| sqrt(n / 2) (independent); power(n) is
 *    - 'noncentral-t' (default): the exact power `tTestPower` (noncentral t; both tails when two-sided);
 *    - 'central-t': the shifted central-t approximation with t quantiles,
 *      P(T_df > t_{1-a', df} - ncp) [+ P(T_df < -t_{1-a', df} - ncp) if two-sided].
 *    The central-t shortcut ignores the skew of the noncentral t, so at few seeds it is one seed
 *    off in either direction (e.g. one-sided d = 2, 80%: 5 instead of the exact 4; paired two-sided
 *    d_z = 2.1, 80%: 4 pairs, whose exact power is 0.79). Hence the exact default: seeds are expensive.
 * The sign of `effect` is ignored (choose the test direction yourself). Returns Infinity when effect
 * is 0 or NaN; throws if alpha or power is outside (0, 1).
 *
 * Reference: Cohen 1988, Statistical Power Analysis for the Behavioral Sciences, ch. 2;
 * R `power.t.test`; https://en.wikipedia.org/wiki/Sample_size_determination#Means
 *
 * @example
 * seedsForPower(0.5, { oneSided: false })           // 64 (Cohen 1988 Table 2.4.1; R power.t.test: n = 63.77)
 * seedsForPower(1, { power: 0.9, oneSided: false }) // 23 (R power.t.test(power = .90, delta = 1): n = 22.02)
 * seedsForPower(2)                                  // 4  ('central-t' would say 5)
 */
export function seedsForPower(effect: number, opts: SeedsForPowerOptions = {}): number {
  const alpha = opts.alpha ?? 0.05
  const target = opts.power ?? 0.8
  checkOpenUnit('seedsForPower', 'alpha', alpha)
  checkOpenUnit('seedsForPower', 'power', target)
  const method = opts.method ?? 'noncentral-t'
  if (method !== 'noncentral-t' && method !== 'central-t') {
    throw new RangeError(`seedsForPower: method must be 'noncentral-t' or 'central-t' (got ${String(method)})`)
  }
  const d = Math.abs(effect)
  if (Number.isNaN(d) || d === 0) return Infinity
  const paired = opts.paired ?? false
  const oneSided = opts.oneSided ?? true
  const a = oneSided ? alpha : alpha / 2
  const n0 = (paired ? 1 : 2) * ((normalQuantile(1 - a) + normalQuantile(target)) / d) ** 2
  if (!Number.isFinite(n0)) return Infinity
  if (n0 > 1e7) return Math.ceil(n0) // t and normal quantiles agree to ~1e-7 here
  const power =
    method === 'noncentral-t'
      ? (n: number): number => tTestPower(d, n, { alpha, paired, oneSided })
      : (n: number): number => {
          const df = paired ? n - 1 : 2 * n - 2
          const ncp = paired ? d * Math.sqrt(n) : d * Math.sqrt(n / 2)
          const crit = tQuantile(1 - a, df)
          return tCdf(ncp - crit, df) + (oneSided ? 0 : tCdf(-crit - ncp, df))
        }
  let n = Math.max(2, Math.ceil(n0))
  while (power(n) < target) n++
  while (n > 2 && power(n - 1) >= target) n--
  return n
}
