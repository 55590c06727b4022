// Simulated crossover experiments (no training): per-seed paired differences first - second at the
// two ends of a sweep, d_i ~ N(delta, 1), judged by the intersection-union test (paired t, or sign
// test, at each end). Used by test/stats-crossover.test.ts (calibration) and by
// scripts/statistics-doc.ts (the power table in docs/statistics.md), so both show the same figures.
import { crossoverTest, pairedTTest, signTest } from '../../src/stats/index.js'
import { makeRng } from '../../src/util/rng.js'

export interface CrossoverScenario {
  /** Mean per-seed difference at the low and the high end, in units of its per-seed SD. */
  low: number
  high: number
  seeds: number
  /** Declared orientation, or undefined (either way counts). */
  start?: 'above' | 'below'
  test?: 't' | 'sign'
}

export const ALPHA = 0.05

/** Share of simulated experiments the test calls supported (p < alpha), with its Monte-Carlo SE. */
export function supportedRate(sc: CrossoverScenario, trials: number, seed = 1): { rate: number; se: number } {
  // The stream leaves out `start`, so declared and undeclared orientations judge the same data.
  const rng = makeRng(seed, `crossover-sim:${sc.low}:${sc.high}:${sc.seeds}:${sc.test ?? 't'}`)
  const zeros = new Float64Array(sc.seeds)
  const end = (delta: number) => {
    const d = Array.from({ length: sc.seeds }, () => delta + rng.normal())
    if (sc.test === 'sign') return signTest(d)
    return { pGreater: pairedTTest(d, zeros, 'greater').p, pLess: pairedTTest(d, zeros, 'less').p }
  }
  let hits = 0
  for (let t = 0; t < trials; t++) {
    const low = end(sc.low), high = end(sc.high)
    if (crossoverTest(low, high, sc.start).p < ALPHA) hits++
  }
  const rate = hits / trials
  return { rate, se: Math.sqrt((ALPHA * (1 - ALPHA)) / trials) }
}

/** The power table of docs/statistics.md: a real crossing of +-delta SD at the two ends. */
export const POWER_GRID = { deltas: [0.5, 1, 1.5], seeds: [8, 16, 24] } as const

export function powerTable(trials: number): { delta: number; seeds: number; declared: number; undeclared: number }[] {
  return POWER_GRID.deltas.flatMap((delta) => POWER_GRID.seeds.map((seeds) => ({
    delta, seeds,
    declared: supportedRate({ low: delta, high: -delta, seeds, start: 'above' }, trials).rate,
    undeclared: supportedRate({ low: delta, high: -delta, seeds }, trials).rate,
  })))
}

/**
 * Power of the sign test and the t test on a two-outcome effect: each seed moves the claimed way
 * by +0.15 with probability 5/6, the other way by -0.6 otherwise (plus N(0, 0.03) noise).
 */
export function bimodalPower(seeds: number, trials: number, seed = 2): { sign: number; t: number } {
  const rng = makeRng(seed, `sign-bimodal:${seeds}`)
  let sign = 0, t = 0
  for (let k = 0; k < trials; k++) {
    const d = Array.from({ length: seeds }, () => (rng.next() < 5 / 6 ? 0.15 : -0.6) + 0.03 * rng.normal())
    if (signTest(d).pGreater < ALPHA) sign++
    if (pairedTTest(d, new Float64Array(seeds), 'greater').p < ALPHA) t++
  }
  return { sign: sign / trials, t: t / trials }
}
