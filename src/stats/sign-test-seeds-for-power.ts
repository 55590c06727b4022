import { checkOpenUnit } from './_check.js'
import { binomialCdf } from './_dist.js'

/**
 * Seeds (non-tied pairs) a one-sided exact sign test at `alpha` needs for `power` (default 0.8)
 * when a share `share` of seeds moves the claimed way: the smallest n whose exact power
 * P(X >= k_n), X ~ Bin(n, share), reaches the target, where k_n is the smallest count with
 * P(Bin(n, 1/2) >= k_n) <= alpha. The power of an exact test is saw-toothed in n (a slightly larger
 * n can have slightly less power), so this is the first n that reaches it. Returns Infinity when
 * share <= 1/2 (the test cannot favour the claim) or NaN share, and when n would exceed 100_000.
 * Throws when alpha or power is outside (0, 1) or share is outside [0, 1].
 *
 * Reference: Noether 1987, "Sample size determination for some common nonparametric tests",
 * JASA 82(398), https://doi.org/10.1080/01621459.1987.10478451 (normal approximation; this is the
 * exact version); checked against scipy.stats.binom.
 *
 * @example
 * signTestSeedsForPower(0.8)                  // 18 (power 0.867)
 * signTestSeedsForPower(0.8, { alpha: 0.01 }) // 27
 * signTestSeedsForPower(0.9)                  // 8 (power 0.813)
 */
export function signTestSeedsForPower(share: number, opts: { alpha?: number; power?: number } = {}): number {
  const alpha = opts.alpha ?? 0.05
  const target = opts.power ?? 0.8
  checkOpenUnit('signTestSeedsForPower', 'alpha', alpha)
  checkOpenUnit('signTestSeedsForPower', 'power', target)
  if (typeof share !== 'number' || share < 0 || share > 1) throw new RangeError(`signTestSeedsForPower: share must be in [0, 1] (got ${String(share)})`)
  if (Number.isNaN(share) || share <= 0.5) return Infinity
  for (let n = 1, k = 1; n <= 100_000; n++) {
    // k_n is non-decreasing in n: move it up until P(X >= k | 1/2) = P(X <= n - k | 1/2) <= alpha.
    k = Math.max(k, 1)
    while (k <= n && binomialCdf(n - k, n, 0.5) > alpha) k++
    if (k > n) continue
    // P(X >= k | share) = P(n - X <= n - k), n - X ~ Bin(n, 1 - share).
    if (binomialCdf(n - k, n, 1 - share) >= target) return n
  }
  return Infinity
}
