// Internal: typed handles on the stdlib distribution functions (CommonJS packages, `export =`).
// Not re-exported from index.ts.
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf'
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile'
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile'
import binomialCdfImpl from '@stdlib/stats-base-dists-binomial-cdf'
import betaQuantileImpl from '@stdlib/stats-base-dists-beta-quantile'
import fCdfImpl from '@stdlib/stats-base-dists-f-cdf'

/** P(T <= x) for Student's t with `df` (> 0, may be fractional) degrees of freedom. */
export const tCdf = (x: number, df: number): number => tCdfImpl(x, df)
/** Inverse of {@link tCdf}. */
export const tQuantile = (p: number, df: number): number => tQuantileImpl(p, df)
/** Standard normal CDF. */
export const normalCdf = (x: number): number => normalCdfImpl(x, 0, 1)
/** Standard normal quantile. */
export const normalQuantile = (p: number): number => normalQuantileImpl(p, 0, 1)
/** P(X <= k) for X ~ Binomial(n, p). */
export const binomialCdf = (k: number, n: number, p: number): number => binomialCdfImpl(k, n, p)
/** Quantile of the Beta(a, b) distribution. */
export const betaQuantile = (q: number, a: number, b: number): number => betaQuantileImpl(q, a, b)
/** P(X <= x) for X ~ F(d1, d2). */
export const fCdf = (x: number, d1: number, d2: number): number => fCdfImpl(x, d1, d2)
