// The crossover test (intersection-union of the two end comparisons) by simulation, no training.
// Size: with no difference anywhere, and with differences that never change sign (including the
// least favourable one: one end far from zero, the other at zero), P(supported) <= alpha + 3 SE.
// Power at a real crossing is printed (docs/statistics.md has the same table, from
// scripts/statistics-doc.ts).
import { describe, expect, it } from 'vitest'
import { crossingInterval, crossingPoint, crossoverEndTest, crossoverTest, pairedTTest, signTest, welchTTest } from '../src/stats/index.js'
import { makeRng } from '../src/util/rng.js'
import { ALPHA, powerTable, supportedRate } from './helpers/crossover-simulation.js'

const TRIALS = 4000

describe('crossoverTest', () => {
  it('p is the larger of the two one-sided p-values in the claimed directions', () => {
    const low = { pGreater: 0.01, pLess: 0.99 }, high = { pGreater: 0.97, pLess: 0.03 }
    expect(crossoverTest(low, high)).toEqual({ start: 'above', p: 0.03, pOpposite: 0.97 })
    expect(crossoverTest(low, high, 'above')).toEqual({ start: 'above', p: 0.03, pOpposite: 1 })
    // Declared 'above', but the low end is significantly below: 2 x min(0.004, ...) (Bonferroni over the ends).
    expect(crossoverTest({ pGreater: 0.996, pLess: 0.004 }, high, 'above')).toEqual({ start: 'above', p: 0.996, pOpposite: 0.008 })
    expect(crossoverTest(low, high, 'below')).toEqual({ start: 'below', p: 0.99, pOpposite: 0.02 })
    // Both ends above: no crossing either way, and evidence that both ends lie on the same side.
    expect(crossoverTest(low, { pGreater: 0.02, pLess: 0.98 })).toEqual({ start: 'above', p: 0.98, pOpposite: 0.02 })
    expect(Number.isNaN(crossoverTest({ pGreater: NaN, pLess: NaN }, high).p)).toBe(true)
    expect(() => crossoverTest({ pGreater: 2, pLess: 0 }, high)).toThrow(/low.pGreater must be in \[0, 1\]/)
  })

  const nulls = [
    { name: 'no difference anywhere', low: 0, high: 0 },
    { name: 'a constant difference (never changes sign)', low: 1, high: 1 },
    { name: 'least favourable: far above at one end, zero at the other', low: 4, high: 0 },
    { name: 'least favourable, mirrored', low: 0, high: -4 },
  ]
  for (const start of [undefined, 'above'] as const) {
    for (const n of nulls) {
      it(`size <= alpha + 3 SE: ${n.name} (orientation ${start ?? 'undeclared'}, 8 seeds)`, () => {
        const { rate, se } = supportedRate({ low: n.low, high: n.high, seeds: 8, start }, TRIALS)
        expect(rate).toBeLessThanOrEqual(ALPHA + 3 * se)
      })
    }
  }

  it('size with the sign test at the ends, least favourable null', () => {
    const { rate, se } = supportedRate({ low: 4, high: 0, seeds: 12, test: 'sign' }, TRIALS)
    expect(rate).toBeLessThanOrEqual(ALPHA + 3 * se)
  })

  it('least favourable null rejects close to alpha (the test is not trivially conservative)', () => {
    const { rate, se } = supportedRate({ low: 4, high: 0, seeds: 8, start: 'above' }, TRIALS)
    expect(rate).toBeGreaterThan(ALPHA - 4 * se)
  })

  it('power at a real crossing (+-delta SD at the ends) grows with delta and seeds', () => {
    const table = powerTable(1000)
    console.log(`crossover power (alpha ${ALPHA}, 1000 simulated experiments each):\n` +
      table.map((r) => `  delta ${r.delta} SD, ${r.seeds} seeds: declared ${r.declared.toFixed(3)}, undeclared ${r.undeclared.toFixed(3)}`).join('\n'))
    const at = (d: number, n: number) => table.find((r) => r.delta === d && r.seeds === n)!
    expect(at(1.5, 8).declared).toBeGreaterThan(at(0.5, 8).declared)
    expect(at(1, 24).declared).toBeGreaterThan(at(1, 8).declared)
    expect(at(1.5, 24).declared).toBeGreaterThan(0.95)
    // Same simulated data for both: leaving the orientation open can only add rejections, and here
    // (a crossing one way) it adds almost none.
    for (const r of table) {
      expect(r.undeclared).toBeGreaterThanOrEqual(r.declared)
      expect(r.undeclared - r.declared).toBeLessThan(0.02)
    }
  })
})

describe('crossingPoint and crossingInterval', () => {
  it('interpolates the first sign change of the chosen kind', () => {
    expect(crossingPoint([0, 1, 2], [0.2, -0.2, -0.4])).toBeCloseTo(0.5, 12)
    expect(crossingPoint([0, 0.5, 1], [-0.3, 0.1, -0.1], 'down')).toBeCloseTo(0.75, 12)
    expect(crossingPoint([0, 0.5, 1], [-0.3, 0.1, -0.1], 'up')).toBeCloseTo(0.375, 12)
    expect(crossingPoint([0, 1], [0.1, 0.2])).toBeNull()
    expect(() => crossingPoint([0, 1], [0.1])).toThrow(/equal lengths/)
  })

  it('locates the crossing among the replicates that cross, deterministically', () => {
    const rng = () => makeRng(0, 'x')
    const xs = [0, 0.25, 0.5, 0.75, 1]
    const seeds = 8
    const noise = makeRng(3, 'noise')
    const first = xs.map((x) => Array.from({ length: seeds }, () => 1 - x + 0.05 * noise.normal()))
    const second = xs.map(() => Array.from({ length: seeds }, () => 0.5 + 0.05 * noise.normal()))
    const a = crossingInterval(xs, first, second, { rng: rng(), reps: 2000 })
    expect(a).toEqual(crossingInterval(xs, first, second, { rng: rng(), reps: 2000 }))
    expect(a.x!).toBeGreaterThan(0.4)
    expect(a.x!).toBeLessThan(0.6)
    expect(a.lo!).toBeLessThanOrEqual(a.x!)
    expect(a.hi!).toBeGreaterThanOrEqual(a.x!)
    expect(a.share).toBeGreaterThan(0.99)
    expect(crossingInterval(xs, first, second, { rng: rng(), reps: 500, direction: 'up' })).toMatchObject({ x: null, lo: null, hi: null, share: 0 })
    expect(() => crossingInterval(xs, first.slice(1), second, { rng: rng() })).toThrow(/one sample per x/)
  })
})

describe('crossoverEndTest', () => {
  // Three seeds at two positions; first - second is 0.5, 0.25, 0.75 at position 0 and -1 at position 1.
  const first = [[1.5, 1.25, 1.75], [0, 0, 0]], second = [[1, 1, 1], [1, 1, 1]]

  it('one position: the t test of first - second there, both ways, and its interval at the level', () => {
    const end = crossoverEndTest(first, second, [0], { paired: true, level: 0.9 })
    const g = pairedTTest(first[0], second[0], 'greater', { level: 0.9 })
    expect(end).toEqual({ pGreater: g.p, pLess: pairedTTest(first[0], second[0], 'less').p, diff: g.diff, ci: g.ci })
    expect(end.diff).toBeCloseTo(0.5, 12)
    expect(end.pGreater).toBeLessThan(0.05)
  })

  it('an end region: each seed is averaged over its positions first', () => {
    const end = crossoverEndTest(first, second, [0, 1], { paired: true })
    expect(end.diff).toBeCloseTo(-0.25, 12)
    expect(end.pLess).toBeCloseTo(pairedTTest([0.75, 0.625, 0.875], [1, 1, 1], 'less').p, 12)
  })

  it("unpaired: Welch's test; test 'sign': the sign test's p-values with the t difference", () => {
    const welch = crossoverEndTest(first, second, [0], { paired: false })
    expect(welch.pGreater).toBe(welchTTest(first[0], second[0], 'greater').p)
    const sign = crossoverEndTest(first, second, [0], { paired: true, test: 'sign' })
    const s = signTest([0.5, 0.25, 0.75])
    expect(sign).toMatchObject({ pGreater: s.pGreater, pLess: s.pLess })
    expect(sign.diff).toBeCloseTo(0.5, 12)
  })

  it('throws on positions that are not there, and on a sign test without pairs', () => {
    expect(() => crossoverEndTest(first, second, [], { paired: true })).toThrow(/crossoverEndTest: positions must be a non-empty list of indices below 2/)
    expect(() => crossoverEndTest(first, second, [2], { paired: true })).toThrow(/got \[2\]/)
    expect(() => crossoverEndTest(first, second, [0], { paired: false, test: 'sign' })).toThrow(/needs paired seeds/)
  })
})
