import { checkSample } from './_check.js'

/**
 * Least-squares slope of each seed's values along a sweep: values[j][i] is seed i's metric at xs[j];
 * returns one slope per seed, sum_j (x_j - xbar)(y_ij - ybar_i) / sum_j (x_j - xbar)^2. A trend along
 * the sweep is then a one-sample test of these slopes against 0 (seeds are the replicates). Uses the
 * first `min over j of values[j].length` seeds. Throws when fewer than two distinct xs are given, the
 * lengths of xs and values differ, or a value is not finite.
 *
 * Reference: https://en.wikipedia.org/wiki/Simple_linear_regression#Fitting_the_regression_line
 *
 * @example
 * perSeedSlopes([0, 0.5, 1], [[1, 2], [0.5, 2], [0, 2]]) // [-1, 0]
 */
export function perSeedSlopes(xs: ArrayLike<number>, values: ArrayLike<number>[]): number[] {
  checkSample('perSeedSlopes', 'xs', xs)
  if (values.length !== xs.length) throw new RangeError(`perSeedSlopes: values needs one sample per x (got ${values.length} for ${xs.length} xs)`)
  values.forEach((v, j) => checkSample('perSeedSlopes', `values[${j}]`, v))
  const X = xs.length
  let xm = 0
  for (let j = 0; j < X; j++) xm += xs[j] / X
  let sxx = 0
  for (let j = 0; j < X; j++) sxx += (xs[j] - xm) ** 2
  if (!(sxx > 0)) throw new RangeError('perSeedSlopes: xs needs at least two distinct values')
  const seeds = Math.min(...values.map((v) => v.length))
  return Array.from({ length: seeds }, (_, i) => {
    let ym = 0
    for (let j = 0; j < X; j++) ym += values[j][i] / X
    let sxy = 0
    for (let j = 0; j < X; j++) sxy += (xs[j] - xm) * (values[j][i] - ym)
    return sxy / sxx
  })
}
