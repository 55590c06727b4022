import { checkOpenUnit } from './_check.js'
import { seedsForPower } from './seeds-for-power.js'
import { signTestSeedsForPower } from './sign-test-seeds-for-power.js'

/** Result of {@link powerHint}. */
export interface PowerHint {
  test: 't' | 'sign'
  /** Observed effect oriented so the claim is positive: d (d_z when paired) for 't'; for 'sign' the share of seeds in the claimed direction. */
  effect: number
  /** The observed effect runs against the claim (d < 0, or share < 1/2): no seed count would help at this effect. */
  against: boolean
  /** Hypotheses in the Holm family. */
  familySize: number
  /** The range of levels Holm tests this hypothesis at: alpha / m (it ranks first) .. alpha (it ranks last). */
  alpha: { worst: number; best: number }
  /** Seeds per arm (pairs) for the target power at each end of that range; Infinity when against or undefined. */
  seeds: { worst: number; best: number }
}

/**
 * "Seeds for 80% power" at the level a hypothesis is actually tested at. Holm compares the i-th
 * smallest of m p-values with alpha / (m - i + 1), so a hypothesis is tested somewhere between
 * alpha / m (worst case) and alpha; the hint gives the seeds at both ends (one-sided, at the observed
 * effect, as if it were the true one: a rough planning figure, not a promise). 't': seedsForPower
 * (noncentral t, paired or two arms). 'sign': signTestSeedsForPower on the share in the claimed
 * direction. An effect against the claim gets no seed count (against = true). Throws when alpha or
 * power is outside (0, 1) or familySize is not a positive integer.
 *
 * Reference: Holm 1979, Scandinavian Journal of Statistics 6(2), https://www.jstor.org/stable/4615733 ;
 * Cohen 1988, ch. 2 (power of the t test); for the sign test see signTestSeedsForPower.
 *
 * @example
 * powerHint({ test: 't', effect: 0.5, paired: true, alpha: 0.05, familySize: 5 })
 * // { ..., alpha: { worst: 0.01, best: 0.05 }, seeds: { worst: 43, best: 27 } }
 */
export function powerHint(input: { test: 't' | 'sign'; effect: number; paired: boolean; alpha: number; familySize: number; power?: number }): PowerHint {
  const { test, effect, paired, alpha, familySize } = input
  const power = input.power ?? 0.8
  checkOpenUnit('powerHint', 'alpha', alpha)
  checkOpenUnit('powerHint', 'power', power)
  if (!Number.isInteger(familySize) || familySize < 1) throw new RangeError(`powerHint: familySize must be a positive integer (got ${String(familySize)})`)
  if (test !== 't' && test !== 'sign') throw new RangeError(`powerHint: test must be 't' or 'sign' (got ${String(test)})`)
  const worst = alpha / familySize
  const against = test === 't' ? effect < 0 : effect < 0.5
  const seeds = (a: number) => {
    if (against || Number.isNaN(effect)) return Infinity
    return test === 't' ? seedsForPower(effect, { alpha: a, power, paired, oneSided: true }) : signTestSeedsForPower(effect, { alpha: a, power })
  }
  return { test, effect, against, familySize, alpha: { worst, best: alpha }, seeds: { worst: seeds(worst), best: seeds(alpha) } }
}
