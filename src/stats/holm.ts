/**
 * Holm-Bonferroni step-down adjusted p-values, returned in the input order.
 * With m hypotheses and p sorted ascending, p~_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))
 * (1-based), which is monotone in the sorted order and capped at 1; reject H_(i) iff p~_(i) < alpha
 * reproduces Holm's sequential procedure. Same as R `p.adjust(p, "holm")`.
 * NaN entries (undefined tests, see index.ts) stay NaN but still count in m, so the family size
 * is never understated; they sort last and do not affect the others. Throws if an entry is
 * outside [0, 1].
 *
 * Reference: Holm 1979, https://en.wikipedia.org/wiki/Holm%E2%80%93Bonferroni_method
 *
 * @example
 * // Wikipedia's example: p = (0.01, 0.04, 0.03, 0.005), m = 4:
 * // sorted 0.005, 0.01, 0.03, 0.04 -> 4*0.005, 3*0.01, 2*0.03, max(1*0.04, 0.06)
 * holm([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holm(pValues: ArrayLike<number>): number[] {
  const m = pValues.length
  for (let i = 0; i < m; i++) {
    const p = pValues[i]
    if (typeof p !== 'number' || (!Number.isNaN(p) && !(p >= 0 && p <= 1))) {
      throw new RangeError(`holm: pValues[${i}] must be in [0, 1] or NaN (got ${String(p)})`)
    }
  }
  const order = Array.from({ length: m }, (_, i) => i)
    .filter((i) => !Number.isNaN(pValues[i]))
    .sort((i, j) => pValues[i] - pValues[j] || i - j)
  const out = Array.from({ length: m }, () => NaN)
  let running = 0
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]))
    out[idx] = running
  })
  return out
}
