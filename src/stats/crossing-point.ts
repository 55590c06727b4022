/**
 * Where a curve d(x), given at increasing xs, first changes sign, by linear interpolation between
 * neighbours; null if it never does. `direction` restricts it to one kind of change: 'down' (from
 * > 0 to <= 0, the first condition falls behind), 'up' (from < 0 to >= 0), or 'any' (default: the
 * first change either way; a zero at a point counts as a crossing there). Pure; no randomness.
 * Throws when xs and d differ in length.
 *
 * Reference: linear interpolation of a root, e.g. https://en.wikipedia.org/wiki/Regula_falsi
 *
 * @example
 * crossingPoint([0, 0.5, 1], [0.2, 0.1, -0.1])         // 0.75
 * crossingPoint([0, 0.5, 1], [0.2, 0.1, -0.1], 'up')   // null
 * crossingPoint([0, 1], [0.1, 0.2])                    // null
 */
export function crossingPoint(xs: ArrayLike<number>, d: ArrayLike<number>, direction: 'down' | 'up' | 'any' = 'any'): number | null {
  if (xs.length !== d.length) throw new RangeError(`crossingPoint: xs and d need equal lengths (got ${xs.length} and ${d.length})`)
  const wants = (a: number, b: number) =>
    direction === 'down' ? a > 0 && b <= 0 : direction === 'up' ? a < 0 && b >= 0 : (a > 0 && b <= 0) || (a < 0 && b >= 0)
  if (direction === 'any' && d.length && d[0] === 0) return xs[0]
  for (let j = 0; j + 1 < xs.length; j++) {
    if (wants(d[j], d[j + 1])) return xs[j] + (xs[j + 1] - xs[j]) * (d[j] / (d[j] - d[j + 1]))
  }
  return null
}
