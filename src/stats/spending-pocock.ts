import { checkOpenUnit } from './_check.js'

/**
 * Lan-DeMets Pocock-type alpha-spending function (one-sided): alpha(t) = alpha ln(1 + (e - 1) t)
 * for t in [0, 1]. It spends evenly, so early looks are easier to pass than under
 * O'Brien-Fleming and the last look is stricter. Same as R gsDesign `sfLDPocock`, ldbounds `iuse = 2`.
 *
 * Reference: Lan & DeMets 1983, https://doi.org/10.1093/biomet/70.3.659 ; Jennison & Turnbull 2000, ch. 7.
 *
 * @example
 * spendingPocock(0.5, 0.025) // 0.0155029 = 0.025 * ln(1 + (e - 1) / 2)
 */
export function spendingPocock(t: number, alpha: number): number {
  checkOpenUnit('spendingPocock', 'alpha', alpha)
  if (!(t >= 0 && t <= 1)) throw new RangeError(`spendingPocock: t must be in [0, 1] (got ${String(t)})`)
  return t === 1 ? alpha : alpha * Math.log(1 + (Math.E - 1) * t)
}
