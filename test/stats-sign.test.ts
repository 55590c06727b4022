// The sign test and its helpers: reference values (R binom.test / scipy.stats.binomtest), size by
// simulation, and its power against the t test on a two-outcome (bimodal) effect.
import { describe, expect, it } from 'vitest'
import { clopperPearsonInterval, powerHint, signTest, signTestSeedsForPower } from '../src/stats/index.js'
import { makeRng } from '../src/util/rng.js'
import { bimodalPower } from './helpers/crossover-simulation.js'

describe('signTest', () => {
  it('matches binom.test on the signs, ties dropped and counted', () => {
    const r = signTest([0.3, 0.1, 0.2, -0.1, 0.4, 0.2, 0.5, 0.1, 0])
    expect(r).toMatchObject({ n: 8, ties: 1, positive: 7, negative: 1, share: 0.875 })
    expect(r.pGreater).toBeCloseTo(0.03515625, 12) // scipy binomtest(7, 8, alternative='greater')
    expect(r.pLess).toBeCloseTo(0.99609375, 12)
    expect(r.ci.lo).toBeCloseTo(0.4734903291248362, 9) // binom.test(7, 8)$conf.int
    expect(r.ci.hi).toBeCloseTo(0.9968402764687477, 9)
    const s = signTest([1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1])
    expect(s.pGreater).toBeCloseTo(0.980712890625, 12) // binomtest(3, 12, alternative='greater')
    expect(s.pLess).toBeCloseTo(0.072998046875, 12)
  })

  it('level 1 - 2 alpha: the interval excludes 1/2 exactly when the one-sided p < alpha', () => {
    for (let n = 1; n <= 30; n++) for (let k = 0; k <= n; k++) {
      const d = [...Array(k).fill(1), ...Array(n - k).fill(-1)]
      const r = signTest(d, { level: 0.9 })
      expect(r.ci.lo > 0.5, `n=${n} k=${k}`).toBe(r.pGreater < 0.05)
    }
  })

  it('no non-zero difference: NaN (edge-case rule), not an error; bad input throws', () => {
    const r = signTest([0, 0, 0])
    expect(r.ties).toBe(3)
    expect(Number.isNaN(r.pGreater) && Number.isNaN(r.share) && Number.isNaN(r.ci.lo)).toBe(true)
    expect(() => signTest([1, NaN])).toThrow(/signTest: differences\[1\] must be a finite number/)
    expect(() => signTest([1], { level: 1 })).toThrow(/signTest: level/)
  })

  it('clopperPearsonInterval: reference values and edges', () => {
    const { lo, hi } = clopperPearsonInterval(2, 10)
    expect(lo).toBeCloseTo(0.025210726326833497, 9)
    expect(hi).toBeCloseTo(0.5560954623076415, 9)
    expect(clopperPearsonInterval(0, 8, 0.9).lo).toBe(0)
    expect(clopperPearsonInterval(0, 8, 0.9).hi).toBeCloseTo(0.31234397806636793, 9)
    expect(clopperPearsonInterval(8, 8, 0.9).hi).toBe(1)
    expect(() => clopperPearsonInterval(9, 8)).toThrow(/successes must be an integer in 0\.\.n/)
  })

  it('size: with a symmetric null, P(p < alpha) <= alpha + 3 SE (the exact test is conservative)', () => {
    const rng = makeRng(1, 'sign-size')
    const trials = 4000, alpha = 0.05
    for (const n of [8, 24]) {
      let hits = 0
      for (let t = 0; t < trials; t++) if (signTest(Array.from({ length: n }, () => rng.normal())).pGreater < alpha) hits++
      expect(hits / trials).toBeLessThanOrEqual(alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / trials))
    }
  })

  it('two outcomes per seed: the sign test has more power than the t test', () => {
    // 5 seeds in 6 amplify the claimed mode (+0.15), 1 in 6 drifts to the other mode (-0.6): the mean
    // gain is small and the spread large, but most seeds move the claimed way.
    const { sign, t } = bimodalPower(24, 2000)
    console.log(`bimodal effect, 24 seeds: power sign test ${sign.toFixed(3)}, t test ${t.toFixed(3)}`)
    expect(sign).toBeGreaterThan(t + 0.3)
  })
})

describe('signTestSeedsForPower and powerHint', () => {
  it('exact sample sizes (scipy.stats.binom)', () => {
    expect(signTestSeedsForPower(0.8)).toBe(18)
    expect(signTestSeedsForPower(0.8, { alpha: 0.01 })).toBe(27)
    expect(signTestSeedsForPower(0.75)).toBe(23)
    expect(signTestSeedsForPower(0.9)).toBe(8)
    expect(signTestSeedsForPower(0.5)).toBe(Infinity)
    expect(() => signTestSeedsForPower(1.2)).toThrow(/share must be in \[0, 1\]/)
  })

  it('gives the seeds at Holm worst case alpha / m and at alpha, and none against the claim', () => {
    const h = powerHint({ test: 't', effect: 0.5, paired: true, alpha: 0.05, familySize: 5 })
    expect(h.alpha).toEqual({ worst: 0.01, best: 0.05 })
    expect(h.seeds).toEqual({ worst: 43, best: 27 })
    expect(h.seeds.worst).toBeGreaterThan(h.seeds.best)
    const against = powerHint({ test: 't', effect: -0.3, paired: true, alpha: 0.05, familySize: 3 })
    expect(against.against).toBe(true)
    expect(against.seeds).toEqual({ worst: Infinity, best: Infinity })
    expect(powerHint({ test: 'sign', effect: 0.8, paired: true, alpha: 0.05, familySize: 5 }).seeds).toEqual({ worst: 27, best: 18 })
    expect(powerHint({ test: 'sign', effect: 0.4, paired: true, alpha: 0.05, familySize: 1 }).against).toBe(true)
    expect(() => powerHint({ test: 't', effect: 1, paired: true, alpha: 0.05, familySize: 0 })).toThrow(/familySize/)
  })
})
