import { checkOpenUnit, checkSample, type Sample } from './_check.js'
import { normalQuantile } from './_dist.js'
import { mean } from './mean.js'
import { sampleVariance } from './sample-variance.js'
import type { Interval } from './types.js'

/** Standardized effect with its small-sample correction and a normal-approximation interval. */
export interface EffectSize {
  /** Bias-corrected effect, g = J * d. */
  g: number
  /** Uncorrected standardized difference. */
  d: number
  /** Small-sample correction factor J = 1 - 3 / (4 df - 1). */
  J: number
  /** Large-sample standard error of g (formula in the function's doc). */
  se: number
  /** g -/+ z_{(1+level)/2} * se. */
  ci: Interval
}

/**
 * Hedges' g for two independent arms (different seeds per arm):
 * d = (mean(a) - mean(b)) / s_pooled, s_pooled^2 = ((na-1) sa^2 + (nb-1) sb^2) / (na + nb - 2),
 * g = J d with J = 1 - 3 / (4 (na + nb) - 9) (Hedges 1981's approximation of the exact gamma-function
 * factor for df = na + nb - 2).
 * Interval: normal approximation g -/+ z se, with the large-sample variance
 * var(g) = (na + nb) / (na nb) + g^2 / (2 (na + nb))  (Hedges & Olkin 1985; the "LS" variance of
 * metafor's escalc("SMD"); Borenstein et al. 2009 eq. 4.20 use d in place of g and multiply by J^2,
 * which is slightly smaller). The interval is approximate at n = 3..10 per arm.
 * Use this when the arms use different seeds; when both arms were run on the same seeds and
 * the comparison is per seed, use `pairedEffectSize` (d_z) instead.
 * NaN fields when either arm has fewer than 2 values or the pooled SD is 0.
 *
 * Reference: https://en.wikipedia.org/wiki/Effect_size#Hedges'_g
 *
 * @example
 * // Borenstein et al. 2009, Introduction to Meta-Analysis, section 4.x worked example:
 * // means 103 / 100, SDs 5.5 / 4.5, n 50 / 50 -> d = 0.5970, J = 0.9923, g = 0.5924
 * hedgesG(a, b) // { d: 0.5970, J: 0.9923, g: 0.5924, se: 0.2043, ci: { lo: 0.1919, hi: 0.9929 } }
 */
export function hedgesG(a: Sample, b: Sample, opts: { level?: number } = {}): EffectSize {
  checkSample('hedgesG', 'a', a)
  checkSample('hedgesG', 'b', b)
  const level = opts.level ?? 0.95
  checkOpenUnit('hedgesG', 'level', level)
  const na = a.length
  const nb = b.length
  if (na < 2 || nb < 2) return { g: NaN, d: NaN, J: NaN, se: NaN, ci: { lo: NaN, hi: NaN } }
  const pooled = Math.sqrt(((na - 1) * sampleVariance(a) + (nb - 1) * sampleVariance(b)) / (na + nb - 2))
  const d = pooled > 0 ? (mean(a) - mean(b)) / pooled : NaN
  const J = 1 - 3 / (4 * (na + nb) - 9)
  const g = J * d
  const se = Math.sqrt((na + nb) / (na * nb) + (g * g) / (2 * (na + nb)))
  const z = normalQuantile((1 + level) / 2)
  return { g, d, J, se, ci: { lo: g - z * se, hi: g + z * se } }
}
