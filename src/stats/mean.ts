import { checkSample, type Sample } from './_check.js'

/**
 * Arithmetic mean (two-pass: the sum of residuals about the first-pass mean is added back,
 * which removes most rounding error). Returns NaN for an empty sample.
 *
 * Reference: https://en.wikipedia.org/wiki/Arithmetic_mean
 *
 * @example
 * mean([1, 2, 3, 4]) // 2.5
 */
export function mean(x: Sample): number {
  checkSample('mean', 'x', x)
  const n = x.length
  if (n === 0) return NaN
  let s = 0
  for (let i = 0; i < n; i++) s += x[i]
  const m = s / n
  let r = 0
  for (let i = 0; i < n; i++) r += x[i] - m
  return m + r / n
}
