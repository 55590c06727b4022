import { checkSample, type Sample } from './_check.js'

/**
 * Probability of improvement P(X > Y) + 0.5 P(X = Y), estimated over all nx * ny pairs; equals the
 * Mann-Whitney U statistic of x over y divided by nx * ny (rliable's `probability_of_improvement`
 * for a single task; rliable averages this over tasks). NaN if either sample is empty.
 * O(nx * ny), which is nothing at seed counts.
 *
 * Reference: https://github.com/google-research/rliable/blob/master/rliable/metrics.py,
 * https://en.wikipedia.org/wiki/Mann%E2%80%93Whitney_U_test#Calculations
 *
 * @example
 * // pairs: 1 beats none; 2 ties twice (0.5 + 0.5); 3 beats 2 and 2 -> (0 + 1 + 2) / 9
 * probabilityOfImprovement([1, 2, 3], [2, 2, 4]) // 1/3
 */
export function probabilityOfImprovement(x: Sample, y: Sample): number {
  checkSample('probabilityOfImprovement', 'x', x)
  checkSample('probabilityOfImprovement', 'y', y)
  const nx = x.length
  const ny = y.length
  if (nx === 0 || ny === 0) return NaN
  let u = 0
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      if (x[i] > y[j]) u += 1
      else if (x[i] === y[j]) u += 0.5
    }
  }
  return u / (nx * ny)
}
