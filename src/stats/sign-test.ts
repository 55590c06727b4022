import { checkOpenUnit, checkSample, type Sample } from './_check.js'
import { binomialCdf } from './_dist.js'
import { clopperPearsonInterval } from './clopper-pearson-interval.js'
import type { Interval } from './types.js'

/** Result of {@link signTest}. */
export interface SignTestResult {
  /** Differences that count: the non-zero ones. */
  n: number
  /** Differences equal to zero, dropped before testing (say so when reporting). */
  ties: number
  /** Differences > 0 and < 0. */
  positive: number
  negative: number
  /** One-sided exact p of "more positive than negative differences": P(X >= positive), X ~ Bin(n, 1/2). */
  pGreater: number
  /** One-sided exact p of "more negative than positive": P(X <= positive). */
  pLess: number
  /** Share of positive differences among the non-zero ones, positive / n. */
  share: number
  /** Clopper-Pearson interval of `share` at `level`. */
  ci: Interval
}

/**
 * Exact sign test on per-seed paired differences d_i (a_i - b_i, or a value minus its step-0 value):
 * zeros are dropped (ties; counted in `ties`), and the number of positive signs among the n others
 * is Binomial(n, 1/2) under the null of a zero median difference. Both one-sided p-values are
 * returned, so a caller can test either direction (and a group-sequential procedure can call it
 * once per stage on the differences seen so far). The effect is the share of positive signs with an
 * exact Clopper-Pearson interval at `level` (default 0.95; pass 1 - 2 alpha for the one-sided
 * bound matching the test at alpha). Robust where a t test is not: a bimodal outcome (each seed
 * goes one of two ways) inflates the standard deviation the t test divides by, not the sign count.
 * n = 0 (every difference zero, or no data) gives NaN p-values, share and interval (edge-case rule,
 * index.ts); a non-finite difference throws.
 *
 * Reference: Conover 1999, Practical Nonparametric Statistics, 3rd ed., section 3.4 (the sign test);
 * R `binom.test(sum(d > 0), sum(d != 0))`; https://en.wikipedia.org/wiki/Sign_test
 *
 * @example
 * signTest([0.3, 0.1, 0.2, -0.1, 0.4, 0.2, 0.5, 0.1, 0])
 * // { n: 8, ties: 1, positive: 7, negative: 1, pGreater: 0.03515625, pLess: 0.99609375,
 * //   share: 0.875, ci: { lo: 0.4734903, hi: 0.9968403 } }   (R binom.test(7, 8))
 */
export function signTest(differences: Sample, opts: { level?: number } = {}): SignTestResult {
  checkSample('signTest', 'differences', differences)
  const level = opts.level ?? 0.95
  checkOpenUnit('signTest', 'level', level)
  let positive = 0, negative = 0
  for (let i = 0; i < differences.length; i++) {
    if (differences[i] > 0) positive++
    else if (differences[i] < 0) negative++
  }
  const n = positive + negative
  const ties = differences.length - n
  if (n === 0) return { n, ties, positive, negative, pGreater: NaN, pLess: NaN, share: NaN, ci: { lo: NaN, hi: NaN } }
  // P(X >= k) = P(X <= n - k) at p = 1/2 (symmetry): both tails as lower tails, no 1 - cdf.
  return {
    n, ties, positive, negative,
    pGreater: binomialCdf(negative, n, 0.5),
    pLess: binomialCdf(positive, n, 0.5),
    share: positive / n,
    ci: clopperPearsonInterval(positive, n, level),
  }
}
