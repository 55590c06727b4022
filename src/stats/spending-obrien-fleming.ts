import { checkOpenUnit } from './_check.js'
import { normalCdf, normalQuantile } from './_dist.js'

/**
 * Lan-DeMets O'Brien-Fleming-type alpha-spending function (one-sided): the share of the type I
 * error `alpha` spent by information fraction t in [0, 1],
 *   alpha(t) = 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)),  alpha(0) = 0, alpha(1) = alpha.
 * It spends almost nothing early (strict early looks) and keeps the final look close to the
 * fixed-sample test. Same as R gsDesign `sfLDOF` (rho = 1) and ldbounds `iuse = 1`.
 *
 * Reference: Lan & DeMets 1983, "Discrete sequential boundaries for clinical trials", Biometrika 70,
 * https://doi.org/10.1093/biomet/70.3.659 ; Jennison & Turnbull 2000, ch. 7.
 *
 * @example
 * spendingObrienFleming(0.5, 0.025) // 0.0015253 (gsDesign: sfLDOF(0.025, 0.5)$spend)
 */
export function spendingObrienFleming(t: number, alpha: number): number {
  checkOpenUnit('spendingObrienFleming', 'alpha', alpha)
  if (!(t >= 0 && t <= 1)) throw new RangeError(`spendingObrienFleming: t must be in [0, 1] (got ${String(t)})`)
  if (t === 0) return 0
  if (t === 1) return alpha
  return 2 * normalCdf(-normalQuantile(1 - alpha / 2) / Math.sqrt(t))
}
