/** One-sided p-values of one end comparison (first condition minus second). */
export interface EndPValues {
  /** p of "the first condition is above the second here". */
  pGreater: number
  /** p of "the first condition is below the second here". */
  pLess: number
}

/** Result of {@link crossoverTest}. */
export interface CrossoverTestResult {
  /**
   * The orientation tested: 'above' = the first condition is above the second at the low end and
   * below it at the high end ('below' the reverse). The declared one, or the better supported one.
   */
  start: 'above' | 'below'
  /** Intersection-union p of the crossing: max of the two ends' one-sided p-values in their claimed directions. */
  p: number
  /**
   * p of the evidence against it. Declared orientation: either end significantly on the wrong side
   * (Bonferroni over the two ends, 2 min(p)). Undeclared: both ends significantly on the same side
   * (intersection-union again, max of the two, best of the two sides).
   */
  pOpposite: number
}

/**
 * Intersection-union test of a crossover: "the difference between two conditions changes sign
 * between the low and the high end of a sweep" holds only if BOTH end comparisons are significant,
 * in opposite directions. The claim is the intersection of two one-sided alternatives (low end > 0
 * and high end < 0), so its null is the union of their nulls, and rejecting when both one-sided
 * tests reject at alpha keeps the size at alpha with no correction (Berger 1982): p = max(p_low,
 * p_high). Pass each end's one-sided p-values (a paired or Welch t test, or a sign test, of the
 * per-seed differences at that x or averaged over a pre-declared end region). With `start`
 * undeclared both orientations are tried and the smaller p is kept; that stays at alpha too, since
 * an end cannot be significant both ways (the least favourable null, one end far from zero and the
 * other at zero, rejects with probability alpha; test/stats-crossover.test.ts checks it by
 * simulation). NaN in, NaN out (edge-case rule, index.ts). Throws on p-values outside [0, 1].
 *
 * Reference: Berger 1982, "Multiparameter hypothesis testing and acceptance sampling",
 * Technometrics 24(4), https://doi.org/10.1080/00401706.1982.10487759 ; Berger & Hsu 1996,
 * Statistical Science 11(4), https://doi.org/10.1214/ss/1032280304
 *
 * @example
 * crossoverTest({ pGreater: 0.01, pLess: 0.99 }, { pGreater: 0.97, pLess: 0.03 })
 * // { start: 'above', p: 0.03, pOpposite: 0.97 }
 * crossoverTest({ pGreater: 0.01, pLess: 0.99 }, { pGreater: 0.97, pLess: 0.03 }, 'below')
 * // { start: 'below', p: 0.99, pOpposite: 0.02 }
 */
export function crossoverTest(low: EndPValues, high: EndPValues, start?: 'above' | 'below'): CrossoverTestResult {
  for (const [name, v] of [['low.pGreater', low.pGreater], ['low.pLess', low.pLess], ['high.pGreater', high.pGreater], ['high.pLess', high.pLess]] as const) {
    if (typeof v !== 'number' || (!Number.isNaN(v) && !(v >= 0 && v <= 1))) throw new RangeError(`crossoverTest: ${name} must be in [0, 1] or NaN (got ${String(v)})`)
  }
  if (start !== undefined && start !== 'above' && start !== 'below') throw new RangeError(`crossoverTest: start must be 'above' or 'below' (got ${String(start)})`)
  const pAbove = Math.max(low.pGreater, high.pLess)
  const pBelow = Math.max(low.pLess, high.pGreater)
  if (start !== undefined) {
    const p = start === 'above' ? pAbove : pBelow
    const wrong = start === 'above' ? Math.min(low.pLess, high.pGreater) : Math.min(low.pGreater, high.pLess)
    return { start, p, pOpposite: Math.min(1, 2 * wrong) }
  }
  const sameSide = Math.min(Math.max(low.pGreater, high.pGreater), Math.max(low.pLess, high.pLess))
  // NaN compares false: an undefined end leaves p NaN.
  const s: 'above' | 'below' = pBelow < pAbove ? 'below' : 'above'
  return { start: s, p: Number.isNaN(pAbove) || Number.isNaN(pBelow) ? NaN : Math.min(pAbove, pBelow), pOpposite: sameSide }
}
