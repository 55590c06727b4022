// Internal: sorting and order-statistic helpers. Not re-exported from index.ts.
import type { Sample } from './_check.js'

/** Ascending sorted copy of `x` (does not touch the input). */
export function sortedCopy(x: Sample): Float64Array {
  const s = Float64Array.from(x)
  s.sort()
  return s
}

/**
 * Hyndman & Fan (1996) type-7 quantile of an ascending-sorted sample (linear interpolation
 * between order statistics at position h = (n - 1) p; the default of R `quantile` and NumPy).
 */
export function quantileSorted(s: ArrayLike<number>, p: number): number {
  const n = s.length
  if (n === 0) return NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, n - 1)
  return s[lo] + (h - lo) * (s[hi] - s[lo])
}
