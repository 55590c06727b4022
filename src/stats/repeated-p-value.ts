import { groupSequentialBounds, type Spending } from './group-sequential-bounds.js'

/**
 * Repeated p-value of look `look` (1-based) of a one-sided group-sequential design: the smallest
 * alpha' at which the design with the same spending function and timing, run at level alpha', would
 * have stopped for the claim at this look, given the look's nominal one-sided p-value `p` (from
 * whichever test the look uses). Equivalently: p crosses the look's nominal level nu_k(alpha') iff
 * alpha' >= the repeated p-value. Under H0, P(min over looks of the repeated p-values <= u) <= u for
 * every u, whatever the stopping rule, so the running minimum over looks is a valid p-value at any
 * stage (and Holm may be applied to it across hypotheses).
 * nu_k(alpha') comes from {@link groupSequentialBounds} on a grid of alpha' (10 per decade,
 * 1e-10 .. 0.9, cached per timing) and is inverted by monotone cubic interpolation in log-log
 * coordinates (Fritsch-Carlson), so the result is exact at grid nodes and smooth between them
 * (relative error about 1e-4). Values beyond the grid are clamped: below 1e-10 -> 1e-10, above the
 * last node -> 1 (conservative). NaN p gives NaN. Throws for an invalid timing or look.
 *
 * Reference: Jennison & Turnbull 2000, "Group Sequential Methods with Applications to Clinical
 * Trials", ch. 9 (repeated confidence intervals and repeated p-values); Lan & DeMets 1983.
 *
 * @example
 * // Two equally spaced looks, O'Brien-Fleming spending: the alpha' = 0.05 design's last boundary
 * // is z = 1.66211 (nominal p 0.048246), so that nominal p at look 2 has repeated p-value 0.05:
 * repeatedPValue(0.048246, 2, [0.5, 1]) // 0.05
 */
export function repeatedPValue(p: number, look: number, timing: readonly number[], spending: Spending = 'obrien-fleming'): number {
  if (!Number.isInteger(look) || look < 1 || look > timing.length) {
    throw new RangeError(`repeatedPValue: look must be an integer in [1, ${timing.length}] (got ${String(look)})`)
  }
  if (typeof p !== 'number' || (!Number.isNaN(p) && !(p >= 0 && p <= 1))) throw new RangeError(`repeatedPValue: p must be in [0, 1] or NaN (got ${String(p)})`)
  if (Number.isNaN(p)) return NaN
  const { x, y, m } = table(timing, spending)[look - 1]
  if (p <= 0) return ALPHAS[0]
  const lx = Math.log(p)
  if (lx <= x[0]) return Math.exp(y[0])
  if (lx > x[x.length - 1]) return 1
  let i = 0, j = x.length - 1 // binary search: x[i] <= lx <= x[j], j = i + 1
  while (j - i > 1) { const mid = (i + j) >> 1; if (x[mid] <= lx) i = mid; else j = mid }
  const h = x[i + 1] - x[i]
  const s = (lx - x[i]) / h
  const h00 = (1 + 2 * s) * (1 - s) ** 2, h10 = s * (1 - s) ** 2, h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1)
  return Math.min(1, Math.exp(h00 * y[i] + h10 * h * m[i] + h01 * y[i + 1] + h11 * h * m[i + 1]))
}

const ALPHAS = Array.from({ length: 100 }, (_, j) => 10 ** (-10 + j / 10)).filter((a) => a <= 0.9)

interface LookTable { x: number[]; y: number[]; m: number[] }
const cache = new Map<string, LookTable[]>()

/** Per look: log nu_k(alpha') (x, increasing) against log alpha' (y), with Fritsch-Carlson slopes. */
function table(timing: readonly number[], spending: Spending): LookTable[] {
  const key = `${spending}:${timing.join(',')}`
  const hit = cache.get(key)
  if (hit) return hit
  const nominal = ALPHAS.map((a) => groupSequentialBounds(timing, a, spending).nominal)
  const out = timing.map((_t, k) => {
    const x: number[] = [], y: number[] = []
    ALPHAS.forEach((a, j) => {
      const v = Math.log(nominal[j][k])
      // Keep strictly increasing finite nodes (nothing spent at a tiny alpha' gives nu = 0).
      if (Number.isFinite(v) && (x.length === 0 || v > x[x.length - 1])) { x.push(v); y.push(Math.log(a)) }
    })
    return { x, y, m: monotoneSlopes(x, y) }
  })
  cache.set(key, out)
  return out
}

/** Fritsch-Carlson slopes: a cubic Hermite interpolant through (x, y) that stays monotone. */
function monotoneSlopes(x: number[], y: number[]): number[] {
  const n = x.length
  if (n < 2) return x.map(() => 0)
  const d = Array.from({ length: n - 1 }, (_, i) => (y[i + 1] - y[i]) / (x[i + 1] - x[i]))
  const m = x.map((_v, i) => (i === 0 ? d[0] : i === n - 1 ? d[n - 2] : d[i - 1] * d[i] <= 0 ? 0 : (d[i - 1] + d[i]) / 2))
  for (let i = 0; i < n - 1; i++) {
    if (d[i] === 0) { m[i] = 0; m[i + 1] = 0; continue }
    const a = m[i] / d[i], b = m[i + 1] / d[i]
    const r = a * a + b * b
    if (r > 9) { const tau = 3 / Math.sqrt(r); m[i] = tau * a * d[i]; m[i + 1] = tau * b * d[i] }
  }
  return m
}
