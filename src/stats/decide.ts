import { checkOpenUnit } from './_check.js'
import type { Interval } from './types.js'
import { significant } from '../util/format-number.js'

// The rule's reasons carry 4 significant digits (stored in every report's reason).
const fmt = (v: number): string => significant(v, 4)

/**
 * What the statistics decide about a claim. A hypothesis' verdict in a report (report/types.ts
 * Verdict) adds the outcomes decided outside the test: 'invalid control' and 'error'.
 */
export type TestVerdict = 'supported' | 'refuted' | 'inconclusive'

/**
 * Smallest effect that counts as the claimed improvement, as a non-negative magnitude in the
 * claimed direction: either on the raw difference of means, or on a standardized effect, in which
 * case pass the estimate and interval it is judged on (`hedgesG(a, b)` for independent arms,
 * `pairedEffectSize(a, b)` for paired seeds, oriented as mean(a) - mean(b) like `diff`).
 */
export type MinimumEffect = { difference: number } | { standardized: number; g: number; ci: Interval }

/** Inputs of {@link decide}; every number is oriented as mean(a) - mean(b). */
export interface DecideInput {
  /** Claimed direction: 'greater' = a beats b, 'less' = a is below b. */
  direction: 'greater' | 'less'
  /** One-sided p-value in the claimed direction, multiplicity-adjusted (e.g. `holm`) if in a family. */
  p: number
  /** One-sided p-value in the opposite direction, adjusted the same way. */
  pOpposite: number
  /** Point estimate of the difference mean(a) - mean(b). */
  diff: number
  /**
   * Interval for the difference. For a one-sided test at alpha pass the two-sided 1 - 2 alpha
   * interval (e.g. `welchTTest(a, b, 'greater', { level: 0.9 }).ci` for alpha = 0.05): its end on
   * the claimed side is then the one-sided 1 - alpha bound.
   */
  ci: Interval
  /** Optional minimum effect; absent means 0 on the raw difference. */
  minEffect?: MinimumEffect
  /** Significance level (default 0.05). */
  alpha?: number
}

/** Verdict plus a one-line reason naming the numbers that decided it. */
export interface Decision {
  verdict: TestVerdict
  reason: string
}


/**
 * Verdict on a directional claim about two arms. Orient everything so the claimed direction is
 * positive (negate and swap the interval ends for 'less'); let m >= 0 be the minimum effect (0 if
 * none), E the effect it is judged on (the difference, or g for a standardized minimum effect) and
 * [E_lo, E_hi] E's oriented interval, [D_lo, D_hi] the difference's oriented interval. Then
 * - supported  iff  p < alpha  AND  D_lo > 0 (the one-sided bound excludes zero)  AND  E >= m;
 * - refuted    iff  pOpposite < alpha (significant the other way)  OR  E_hi < m (the whole interval
 *                  lies below the claimed minimum effect, i.e. it excludes m; with no minimum effect,
 *                  the whole interval is on the wrong side of zero);
 * - inconclusive otherwise, and also when any input is NaN (an undefined statistic: too few samples
 *   or zero variance, see index.ts) or when both rules fire (only possible if E lies outside its
 *   own interval).
 * Throws on contract violations: alpha outside (0, 1), p or pOpposite outside [0, 1], an interval
 * with lo > hi, a negative or non-finite minimum effect, or p and pOpposite both below alpha (they
 * cannot both be one-sided p-values of the same data in opposite directions).
 *
 * Reference: one-sided testing with interval estimates and a smallest effect of interest, as in
 * Lakens, Scheel & Isager 2018, https://doi.org/10.1177/2515245918770963 ; multiplicity via Holm 1979.
 *
 * @example
 * decide({ direction: 'greater', p: 0.01, pOpposite: 0.99, diff: 2, ci: { lo: 0.5, hi: 3.5 } })
 * // { verdict: 'supported', reason: 'p=0.01 < 0.05, difference lower bound 0.5 > 0, effect 2 >= minimum 0' }
 * decide({ direction: 'less', p: 0.01, pOpposite: 0.99, diff: -2, ci: { lo: -3.5, hi: -0.5 } })
 * // { verdict: 'supported', reason: 'p=0.01 < 0.05, difference upper bound -0.5 < 0, effect -2 <= minimum 0' }
 */
export function decide(input: DecideInput): Decision {
  const { direction, p, pOpposite, diff, ci, minEffect } = input
  const alpha = input.alpha ?? 0.05
  checkOpenUnit('decide', 'alpha', alpha)
  if (direction !== 'greater' && direction !== 'less') {
    throw new RangeError(`decide: direction must be 'greater' or 'less' (got ${String(direction)})`)
  }
  for (const [name, v] of [['p', p], ['pOpposite', pOpposite]] as const) {
    if (typeof v !== 'number' || (!Number.isNaN(v) && !(v >= 0 && v <= 1))) {
      throw new RangeError(`decide: ${name} must be in [0, 1] or NaN (got ${String(v)})`)
    }
  }
  if (p < alpha && pOpposite < alpha) {
    throw new RangeError(`decide: p (${p}) and pOpposite (${pOpposite}) are both below alpha (${alpha}); pass one-sided p-values of opposite directions`)
  }
  checkInterval('ci', ci)
  let m = 0
  let effect = diff
  let effectCi: Interval = ci
  let effectName = 'effect'
  if (minEffect !== undefined) {
    if ('difference' in minEffect) {
      m = minEffect.difference
    } else {
      m = minEffect.standardized
      effect = minEffect.g
      effectCi = minEffect.ci
      effectName = 'g'
      checkInterval('minEffect.ci', effectCi)
    }
    if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
      throw new RangeError(`decide: minimum effect must be a finite number >= 0 (got ${String(m)})`)
    }
  }
  const undefinedInputs = [p, pOpposite, diff, ci.lo, ci.hi, effect, effectCi.lo, effectCi.hi].some(Number.isNaN)
  if (undefinedInputs) {
    return { verdict: 'inconclusive', reason: 'undefined statistic (NaN input: too few samples or zero variance)' }
  }
  const s = direction === 'greater' ? 1 : -1
  const orient = (iv: Interval): Interval => (s === 1 ? iv : { lo: -iv.hi, hi: -iv.lo })
  const dLo = orient(ci).lo
  const e = s * effect
  const eHi = orient(effectCi).hi
  // Reasons quote the numbers as the table shows them (mean(a) - mean(b)), not oriented: for a
  // 'less' claim the bound that decides is the interval's upper end, and it must be below 0.
  const bound = `difference ${s === 1 ? 'lower' : 'upper'} bound ${fmt(s * dLo)}`
  const gt = s === 1 ? '>' : '<', le = s === 1 ? '<=' : '>='
  const minText = `${s === 1 ? '' : '-'}${fmt(m)}`.replace(/^-0$/, '0')

  const supported = p < alpha && dLo > 0 && e >= m
  const refutedOpposite = pOpposite < alpha
  const refutedMinimum = eHi < m
  if (supported && (refutedOpposite || refutedMinimum)) {
    return { verdict: 'inconclusive', reason: `conflicting evidence: ${effectName} ${fmt(effect)} ${s === 1 ? '>=' : '<='} ${minText} but its interval ends at ${fmt(s * eHi)}` }
  }
  if (supported) {
    return {
      verdict: 'supported',
      reason: `p=${fmt(p)} < ${fmt(alpha)}, ${bound} ${gt} 0, ${effectName} ${fmt(effect)} ${s === 1 ? '>=' : '<='} minimum ${minText}`,
    }
  }
  if (refutedOpposite) {
    return { verdict: 'refuted', reason: `significant in the opposite direction: pOpposite=${fmt(pOpposite)} < ${fmt(alpha)}` }
  }
  if (refutedMinimum) {
    return { verdict: 'refuted', reason: `interval of ${effectName} ends at ${fmt(s * eHi)} ${s === 1 ? '<' : '>'} minimum ${minText}` }
  }
  const why: string[] = []
  if (!(p < alpha)) why.push(`p=${fmt(p)} >= ${fmt(alpha)}`)
  if (!(dLo > 0)) why.push(`${bound} ${le} 0`)
  if (!(e >= m)) why.push(`${effectName} ${fmt(effect)} ${s === 1 ? '<' : '>'} minimum ${minText}`)
  return { verdict: 'inconclusive', reason: why.join(', ') }
}

function checkInterval(name: string, iv: Interval): void {
  if (typeof iv !== 'object' || iv === null || typeof iv.lo !== 'number' || typeof iv.hi !== 'number') {
    throw new TypeError(`decide: ${name} must be an interval { lo, hi } of numbers`)
  }
  if (iv.lo > iv.hi) throw new RangeError(`decide: ${name} must have lo <= hi (got [${iv.lo}, ${iv.hi}])`)
}
