import { sampleVariance } from './sample-variance.js'
import type { Sample } from './_check.js'

/**
 * Sample standard deviation with Bessel's correction, sqrt(sum((x - mean)^2) / (n - 1)).
 * NaN when n < 2.
 *
 * Reference: https://en.wikipedia.org/wiki/Standard_deviation#Corrected_sample_standard_deviation
 *
 * @example
 * sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) // sqrt(32 / 7) = 2.138089...
 */
export function sampleStd(x: Sample): number {
  return Math.sqrt(sampleVariance(x))
}
