// Internal: the numerical-integration grid of the group-sequential recursion (Jennison & Turnbull
// 2000, ch. 19; the grid R's gsDesign uses with r = 18). Not re-exported from index.ts.

/**
 * Points and Simpson weights for integrating a density of Z (mean `mu`) over (lo, hi): 6r - 1 base
 * points, dense within mu +- 3 and log-spaced out to about mu +- (3 + 4 ln r), cut at lo / hi
 * (which become end points), with midpoints added so each panel is a Simpson panel.
 */
export function gsGrid(mu: number, lo: number, hi: number, r = 18): { z: Float64Array; w: Float64Array } {
  const base: number[] = []
  for (let i = 1; i <= 6 * r - 1; i++) {
    base.push(i < r ? mu - 3 - 4 * Math.log(r / i) : i <= 5 * r ? mu - 3 + (3 * (i - r)) / (2 * r) : mu + 3 + 4 * Math.log(r / (6 * r - i)))
  }
  const pts = base.filter((x) => x > lo && x < hi)
  if (lo > base[0]) pts.unshift(lo)
  if (hi < base[base.length - 1]) pts.push(hi)
  const m = 2 * pts.length - 1
  const z = new Float64Array(m)
  const w = new Float64Array(m)
  for (let i = 0; i < pts.length; i++) z[2 * i] = pts[i]
  for (let i = 0; i + 1 < pts.length; i++) {
    const d = pts[i + 1] - pts[i]
    z[2 * i + 1] = (pts[i] + pts[i + 1]) / 2
    w[2 * i] += d / 6
    w[2 * i + 1] += (4 * d) / 6
    w[2 * i + 2] += d / 6
  }
  return { z, w }
}

export const SQRT_2PI = Math.sqrt(2 * Math.PI)
