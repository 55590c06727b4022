import type { Rng } from '../util/rng.js'
import { checkOpenUnit, checkReps, checkSample } from './_check.js'
import { percentileInterval } from './_percentile-interval.js'
import { DEFAULT_BOOTSTRAP_REPS } from './bootstrap-mean-ci.js'
import { crossingPoint } from './crossing-point.js'

/** Options of {@link crossingInterval}. */
export interface CrossingIntervalOptions {
  rng: Rng
  /** Replicates (default DEFAULT_BOOTSTRAP_REPS). */
  reps?: number
  /** Two-sided level of the interval (default 0.95). */
  level?: number
  /** Which sign change to locate: 'down' (first condition falls behind; default), 'up', or 'any'. */
  direction?: 'down' | 'up' | 'any'
  /** Seeds are shared by the two conditions (resample seed indices once for both; default true). */
  paired?: boolean
}

/** Result of {@link crossingInterval}. */
export interface CrossingInterval {
  /** Crossing point of the mean difference curve; null if it does not cross. */
  x: number | null
  /** Percentile interval of the crossing point over the replicates that cross; null if none does. */
  lo: number | null
  hi: number | null
  /** Share of replicates whose mean difference curve crosses (descriptive: not a test). */
  share: number
}

/**
 * Where two conditions' mean curves cross, with a percentile-bootstrap interval CONDITIONAL on a
 * crossing: resample seeds with replacement (`reps` times; one index draw per seed, shared by both
 * conditions when paired), recompute the mean difference curve first - second along xs, locate its
 * sign change with `crossingPoint`, and take the (1 -+ level)/2 quantiles over the replicates that
 * cross. Use it to say WHERE a crossover lies once a test (crossoverTest) has said THAT it exists;
 * the share of crossing replicates is no test (with no difference anywhere, noise alone makes most
 * replicate curves cross). first[j] / second[j] hold the per-seed values at xs[j]. Throws on
 * non-finite values or mismatched lengths.
 *
 * Reference: Efron & Tibshirani 1993, An Introduction to the Bootstrap, ch. 13 (percentile
 * interval); conditioning on the event that the root exists as in bootstrap intervals for the
 * root of a regression curve.
 *
 * @example
 * // seeds 0..2, two xs; the first condition is 0.2 above at x = 0 and 0.2 below at x = 1 in every seed
 * crossingInterval([0, 1], [[1.2, 1.2, 1.2], [0.8, 0.8, 0.8]], [[1, 1, 1], [1, 1, 1]], { rng: makeRng(0) })
 * // { x: 0.5, lo: 0.5, hi: 0.5, share: 1 } (up to floating-point rounding)
 */
export function crossingInterval(xs: ArrayLike<number>, first: ArrayLike<number>[], second: ArrayLike<number>[], opts: CrossingIntervalOptions): CrossingInterval {
  checkSample('crossingInterval', 'xs', xs)
  if (first.length !== xs.length || second.length !== xs.length) {
    throw new RangeError(`crossingInterval: first and second need one sample per x (got ${first.length} and ${second.length} for ${xs.length} xs)`)
  }
  first.forEach((v, j) => checkSample('crossingInterval', `first[${j}]`, v))
  second.forEach((v, j) => checkSample('crossingInterval', `second[${j}]`, v))
  const reps = opts.reps ?? DEFAULT_BOOTSTRAP_REPS
  const level = opts.level ?? 0.95
  const direction = opts.direction ?? 'down'
  const paired = opts.paired ?? true
  checkReps('crossingInterval', reps)
  checkOpenUnit('crossingInterval', 'level', level)
  const X = xs.length
  const nA = Math.min(...first.map((v) => v.length)), nB = Math.min(...second.map((v) => v.length))
  if (paired && nA !== nB) throw new RangeError(`crossingInterval: paired conditions need the same seeds (got ${nA} and ${nB})`)
  const mean = (v: ArrayLike<number>, idx: Int32Array) => { let s = 0; for (const i of idx) s += v[i]; return s / idx.length }
  const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i)
  const curve = (ia: Int32Array, ib: Int32Array) => Array.from({ length: X }, (_, j) => mean(first[j], ia) - mean(second[j], ib))
  const x = crossingPoint(xs, curve(all(nA), all(nB)), direction)
  const hits: number[] = []
  const ia = new Int32Array(nA), ib = new Int32Array(nB)
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < nA; i++) ia[i] = opts.rng.int(nA)
    if (paired) ib.set(ia)
    else for (let i = 0; i < nB; i++) ib[i] = opts.rng.int(nB)
    const c = crossingPoint(xs, curve(ia, ib), direction)
    if (c !== null) hits.push(c)
  }
  if (!hits.length) return { x, lo: null, hi: null, share: 0 }
  const { lo, hi } = percentileInterval(Float64Array.from(hits), level)
  return { x, lo, hi, share: hits.length / reps }
}
