// Internal: the standard normal upper-tail quantile, accurate far in the tail (1 - p rounds to 1
// below p ~ 1e-16, so Phi^-1(1 - p) cannot be used there). Not re-exported from index.ts.
import erfcinvImpl from '@stdlib/math-base-special-erfcinv'

/** The z with P(Z >= z) = p, for p in [0, 1]: sqrt(2) erfcinv(2 p) (Infinity at p = 0). */
export const normalUpperQuantile = (p: number): number => Math.SQRT2 * erfcinvImpl(2 * p)
