import { tQuantile } from './_dist.js'
import { normalUpperQuantile } from './_normal-tail.js'
import type { Interval } from './types.js'

/**
 * Repeated confidence interval of one look of a group-sequential design: estimate +- q se, where q
 * is the look's critical value at its nominal one-sided level `nominal` (from
 * `groupSequentialBounds(...).nominal`), on the t scale with `df` degrees of freedom (pass Infinity
 * for z). Built at every look from the one-sided alpha boundaries, the intervals of all looks hold
 * the true difference simultaneously with probability >= 1 - 2 alpha, so the interval of the look
 * where a sequence stopped (for any reason) keeps that coverage. On the t scale this is the
 * "significance level" approach: the z design's nominal levels applied to t statistics.
 * NaN when se or df is not positive (the edge-case rule in index.ts).
 *
 * Reference: Jennison & Turnbull 1989, "Interim analyses: the repeated confidence interval
 * approach", JRSS B 51, https://doi.org/10.1111/j.2517-6161.1989.tb01744.x ; Jennison & Turnbull
 * 2000, ch. 9.
 *
 * @example
 * // Look 1 of 2 (O'Brien-Fleming, alpha 0.05): nominal 0.0055746 -> z 2.53799
 * repeatedConfidenceInterval(1, 0.2, Infinity, 0.0055746) // { lo: 0.49240, hi: 1.50760 }
 */
export function repeatedConfidenceInterval(estimate: number, se: number, df: number, nominal: number): Interval {
  if (!(nominal > 0 && nominal < 1)) throw new RangeError(`repeatedConfidenceInterval: nominal must be in (0, 1) (got ${String(nominal)})`)
  if (!(se > 0) || !(df > 0) || !Number.isFinite(estimate)) return { lo: NaN, hi: NaN }
  const q = Number.isFinite(df) ? tQuantile(1 - nominal, df) : normalUpperQuantile(nominal)
  return { lo: estimate - q * se, hi: estimate + q * se }
}
