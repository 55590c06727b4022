import { checkSample, type Sample } from './_check.js'
import { tCdf } from './_dist.js'
import { pairedTTest } from './paired-t-test.js'
import { welchTTest } from './welch-t-test.js'
import type { Interval } from './types.js'

/** Result of {@link tost}. */
export interface TostResult {
  /** TOST p-value, max(pLower, pUpper). */
  p: number
  /** One-sided p of H0: diff <= -margin against diff > -margin. */
  pLower: number
  /** One-sided p of H0: diff >= +margin against diff < +margin. */
  pUpper: number
  diff: number
  se: number
  df: number
  /** 90% two-sided interval (= 1 - 2 * 0.05) for the difference. */
  ci90: Interval
  /** p < 0.05, equivalently ci90 lies strictly inside (-margin, +margin). */
  equivalent: boolean
}

/**
 * Two one-sided tests (Schuirmann 1987) for equivalence of mean(a) and mean(b) within
 * +/- margin (margin > 0, in the raw units of the data), at alpha = 0.05.
 * Unpaired: Welch standard error and Welch-Satterthwaite df (as recommended by Lakens 2017);
 * paired (`{ paired: true }`): the paired-t standard error with df = n - 1 on d_i = a_i - b_i.
 * t_L = (diff + margin) / se, pLower = P(T_df >= t_L); t_U = (diff - margin) / se,
 * pUpper = P(T_df <= t_U); p = max(pLower, pUpper); ci90 = diff -/+ t_{0.95, df} se.
 * Throws for margin <= 0 (or non-finite) and, when paired, for unequal lengths. NaN p / ci90 and
 * `equivalent: false` when there are too few samples or se = 0.
 *
 * Reference: Lakens 2017, https://doi.org/10.1177/1948550617697177 ;
 * https://en.wikipedia.org/wiki/Equivalence_test
 *
 * @example
 * // R sleep data, paired, margin 2: diff -1.58, se = 1.229995/sqrt(10) = 0.3889587, df 9;
 * // t_L = 0.42/0.3889587 = 1.079806 -> pLower = 0.154157; t_U = -3.58/0.3889587 = -9.204059 -> pUpper = 3.6e-6
 * tost(sleep1, sleep2, 2, { paired: true }) // { p: 0.154157, ci90: { lo: -2.293005, hi: -0.866995 }, equivalent: false }
 */
export function tost(a: Sample, b: Sample, margin: number, opts: { paired?: boolean } = {}): TostResult {
  checkSample('tost', 'a', a)
  checkSample('tost', 'b', b)
  if (typeof margin !== 'number' || !Number.isFinite(margin) || !(margin > 0)) {
    throw new RangeError(`tost: margin must be a finite number > 0 (got ${String(margin)})`)
  }
  const r = opts.paired ? pairedTTest(a, b, 'two-sided', { level: 0.9 }) : welchTTest(a, b, 'two-sided', { level: 0.9 })
  const { diff, se, df } = r
  if (!Number.isFinite(r.t)) {
    return { p: NaN, pLower: NaN, pUpper: NaN, diff, se, df, ci90: { lo: NaN, hi: NaN }, equivalent: false }
  }
  const pLower = tCdf(-(diff + margin) / se, df)
  const pUpper = tCdf((diff - margin) / se, df)
  const p = Math.max(pLower, pUpper)
  return { p, pLower, pUpper, diff, se, df, ci90: r.ci, equivalent: p < 0.05 }
}
