import { checkOpenUnit, checkSameLength, checkSample, type Sample } from './_check.js'
import { normalQuantile } from './_dist.js'
import { mean } from './mean.js'
import { sampleStd } from './sample-std.js'
import type { EffectSize } from './hedges-g.js'

/**
 * Paired standardized effect d_z = mean(a - b) / sd(a - b), bias-corrected with the Hedges
 * factor for n - 1 degrees of freedom, J = 1 - 3 / (4 (n - 1) - 1), so g_z = J d_z.
 * Interval: normal approximation g_z -/+ z se with var(g_z) = 1/n + g_z^2 / (2n) (large-sample
 * variance of a one-sample standardized mean; Lakens 2013, Borenstein et al. 2009).
 * Use this when both arms were run on the same seeds (seed i of a and seed i of b share
 * initialisation / data order) and the claim is about the per-seed difference; it is the effect
 * that `pairedTTest` and `seedsForPower({ paired: true })` work with. d_z is not comparable with
 * the two-arm `hedgesG` (it divides by the SD of differences, which shrinks as seeds correlate).
 * Throws if lengths differ; NaN fields when n < 2 or all differences are equal.
 *
 * Reference: Lakens 2013, https://doi.org/10.3389/fpsyg.2013.00863 (d_z)
 *
 * @example
 * // R `sleep` data: differences mean -1.58, sd 1.229995, n = 10 -> d_z = -1.284558,
 * // J = 1 - 3/35 = 0.9142857, g = -1.174453
 * pairedEffectSize(group1, group2).g // -1.174453
 */
export function pairedEffectSize(a: Sample, b: Sample, opts: { level?: number } = {}): EffectSize {
  checkSample('pairedEffectSize', 'a', a)
  checkSample('pairedEffectSize', 'b', b)
  checkSameLength('pairedEffectSize', a, b)
  const level = opts.level ?? 0.95
  checkOpenUnit('pairedEffectSize', 'level', level)
  const n = a.length
  if (n < 2) return { g: NaN, d: NaN, J: NaN, se: NaN, ci: { lo: NaN, hi: NaN } }
  const diff = Float64Array.from({ length: n }, (_, i) => a[i] - b[i])
  const sd = sampleStd(diff)
  const d = sd > 0 ? mean(diff) / sd : NaN
  const J = 1 - 3 / (4 * (n - 1) - 1)
  const g = J * d
  const se = Math.sqrt(1 / n + (g * g) / (2 * n))
  const z = normalQuantile((1 + level) / 2)
  return { g, d, J, se, ci: { lo: g - z * se, hi: g + z * se } }
}
