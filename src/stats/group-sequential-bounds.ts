import { checkOpenUnit } from './_check.js'
import { normalCdf } from './_dist.js'
import { normalUpperQuantile } from './_normal-tail.js'
import { gsGrid, SQRT_2PI } from './_gs-grid.js'
import { spendingObrienFleming } from './spending-obrien-fleming.js'
import { spendingPocock } from './spending-pocock.js'

/** Alpha-spending function of a group-sequential design (Lan-DeMets type). */
export type Spending = 'obrien-fleming' | 'pocock'

/** Boundaries of a one-sided group-sequential test, one entry per look. */
export interface SequentialBounds {
  /** Information fractions of the looks, increasing, the last 1. */
  timing: number[]
  /** z boundaries: stop for the claim at look k when Z_k >= upper[k] (Infinity: nothing spent there). */
  upper: number[]
  /** Nominal one-sided significance level of each look, 1 - Phi(upper[k]). */
  nominal: number[]
  /** Cumulative alpha spent by each look, alpha(t_k). */
  spent: number[]
}

/** alpha(t) of a spending function. */
export function spend(spending: Spending, t: number, alpha: number): number {
  return spending === 'pocock' ? spendingPocock(t, alpha) : spendingObrienFleming(t, alpha)
}

/**
 * Efficacy boundaries of a one-sided group-sequential test with Lan-DeMets alpha spending, at the
 * looks' information fractions `timing` (increasing, in (0, 1], the last one is 1 for a complete
 * design). Under H0 the look statistics Z_1..Z_K are jointly normal with corr(Z_j, Z_k) =
 * sqrt(t_j / t_k) (independent increments); the boundary of look k is the z with
 *   P(Z_1 < u_1, ..., Z_{k-1} < u_{k-1}, Z_k >= u_k) = alpha(t_k) - alpha(t_{k-1}),
 * found with the Armitage-McPherson-Rowe recursion: the sub-density of Z_k on the continuation
 * region is integrated numerically (Simpson on the Jennison-Turnbull grid, r = 18), as R's gsDesign
 * `gsBound` does for test.type = 1 (no lower bound, so a futility rule on top is non-binding).
 * Throws if timing is empty, not increasing, or outside (0, 1]; alpha outside (0, 1).
 *
 * Reference: Armitage, McPherson & Rowe 1969, https://doi.org/10.2307/2343787 ; Lan & DeMets 1983,
 * https://doi.org/10.1093/biomet/70.3.659 ; Jennison & Turnbull 2000, "Group Sequential Methods with
 * Applications to Clinical Trials", ch. 7 and 19; gsDesign, https://keaven.github.io/gsDesign/
 *
 * @example
 * // gsDesign(k = 5, test.type = 1, sfu = sfLDOF, alpha = 0.025)$upper$bound
 * // 4.8769 3.3570 2.6803 2.2898 2.0310
 * groupSequentialBounds([0.2, 0.4, 0.6, 0.8, 1], 0.025).upper // [4.8769, 3.3570, 2.6803, 2.2898, 2.0310]
 */
export function groupSequentialBounds(timing: readonly number[], alpha: number, spending: Spending = 'obrien-fleming'): SequentialBounds {
  checkOpenUnit('groupSequentialBounds', 'alpha', alpha)
  if (!Array.isArray(timing) || timing.length === 0) throw new RangeError('groupSequentialBounds: timing must be a non-empty array')
  timing.forEach((t, k) => {
    if (!(t > 0 && t <= 1) || (k > 0 && !(t > timing[k - 1]))) {
      throw new RangeError(`groupSequentialBounds: timing must increase within (0, 1] (got timing[${k}] = ${String(t)})`)
    }
  })
  if (spending !== 'obrien-fleming' && spending !== 'pocock') throw new RangeError(`groupSequentialBounds: spending must be 'obrien-fleming' or 'pocock' (got ${String(spending)})`)
  const upper: number[] = []
  const spent: number[] = []
  // Sub-density of the previous look's Z on its continuation region, times the Simpson weights.
  let zPrev: Float64Array = new Float64Array(0)
  let wPrev: Float64Array = new Float64Array(0)
  let prevSpent = 0
  for (let k = 0; k < timing.length; k++) {
    const cum = spend(spending, timing[k], alpha)
    const target = cum - prevSpent
    let b: number
    if (k === 0) {
      b = normalUpperQuantile(target)
    } else {
      const sIk = Math.sqrt(timing[k]), sIp = Math.sqrt(timing[k - 1]), sD = Math.sqrt(timing[k] - timing[k - 1])
      b = target > 0 ? solveBound(target, zPrev, wPrev, sIk, sIp, sD) : Infinity
    }
    upper.push(b)
    spent.push(cum)
    prevSpent = cum
    // Next look's continuation density on (-inf, b).
    const grid = gsGrid(0, -Infinity, b)
    const h = new Float64Array(grid.z.length)
    if (k === 0) {
      for (let i = 0; i < h.length; i++) h[i] = Math.exp(-0.5 * grid.z[i] * grid.z[i]) / SQRT_2PI
    } else {
      const sIk = Math.sqrt(timing[k]), sIp = Math.sqrt(timing[k - 1]), sD = Math.sqrt(timing[k] - timing[k - 1])
      for (let i = 0; i < h.length; i++) {
        let s = 0
        for (let j = 0; j < zPrev.length; j++) {
          const u = (grid.z[i] * sIk - zPrev[j] * sIp) / sD
          s += wPrev[j] * Math.exp(-0.5 * u * u)
        }
        h[i] = (s * sIk) / (sD * SQRT_2PI)
      }
    }
    for (let i = 0; i < h.length; i++) h[i] *= grid.w[i]
    zPrev = grid.z
    wPrev = h
  }
  return { timing: [...timing], upper, nominal: upper.map((u) => normalCdf(-u)), spent }
}

/** The u with sum_j W_j P(Z_k >= u | z_j) = target: Newton on log-probability, kept inside a bracket. */
function solveBound(target: number, z: Float64Array, W: Float64Array, sIk: number, sIp: number, sD: number): number {
  const cross = (u: number): [number, number] => {
    let p = 0, d = 0
    for (let j = 0; j < z.length; j++) {
      const x = (u * sIk - z[j] * sIp) / sD
      p += W[j] * normalCdf(-x)
      d += W[j] * Math.exp(-0.5 * x * x)
    }
    return [p, (d * sIk) / (sD * SQRT_2PI)]
  }
  let lo = -40, hi = 40
  let u = normalUpperQuantile(Math.min(target, 0.5)) // the unconditional bound: close, and above the answer
  for (let it = 0; it < 100; it++) {
    const [p, dens] = cross(u)
    if (p > target) lo = u
    else hi = u
    const next = p > 0 && dens > 0 ? u + (Math.log(p) - Math.log(target)) * (p / dens) : (lo + hi) / 2
    const stepOk = Number.isFinite(next) && next > lo && next < hi
    const nu = stepOk ? next : (lo + hi) / 2
    if (Math.abs(nu - u) < 1e-12) return nu
    u = nu
  }
  return u
}
