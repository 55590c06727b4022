// Hypothesis tests of src/stats (Welch, paired, Holm, TOST, bootstrap difference intervals),
// checked against R's printed output, Wikipedia's Holm example, hand computations and identities.
import { describe, expect, it } from 'vitest'
import { bootstrapDiffCi, bootstrapMeanCi, holm, pairedTTest, tost, varianceRatioTest, welchTTest } from '../src/stats/index.js'
import { makeRng } from '../src/util/rng.js'

// R's `sleep` data (Cushny & Peebles 1905 via Student 1908): extra hours of sleep, 10 patients, 2 drugs.
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

describe('welchTTest', () => {
  it('reproduces R: t.test(extra ~ group, data = sleep)', () => {
    // R prints: t = -1.8608, df = 17.776, p-value = 0.07939,
    // 95 percent confidence interval: -3.3654832  0.2054832; means 0.75 and 2.33.
    const r = welchTTest(sleep1, sleep2, 'two-sided')
    expect(r.t).toBeCloseTo(-1.8608, 4)
    expect(r.df).toBeCloseTo(17.776, 3)
    expect(r.p).toBeCloseTo(0.07939, 5)
    expect(r.diff).toBeCloseTo(0.75 - 2.33, 14)
    expect(r.ci[0]).toBeCloseTo(-3.3654832, 7)
    expect(r.ci[1]).toBeCloseTo(0.2054832, 7)
  })

  it('one-sided p-values are the two tails', () => {
    const less = welchTTest(sleep1, sleep2, 'less')
    const greater = welchTTest(sleep1, sleep2, 'greater')
    expect(less.p).toBeCloseTo(0.07939414 / 2, 8)
    expect(less.p + greater.p).toBeCloseTo(1, 14)
    // The CI is the two-sided one at `level` whatever the alternative.
    expect(less.ci).toEqual(welchTTest(sleep1, sleep2).ci)
  })

  it("equals Student's pooled t when n and the sample variances are equal", () => {
    // a = 1,2,3,4 and b = a + 3: s^2 = 5/3 both. Student: s_p^2 = 5/3, se = sqrt(5/3 * 2/4) = 0.912871,
    // t = -3 / 0.912871 = -3.286335, df = 6. Welch: df = (2v/4)^2 / (2 (v/4)^2 / 3) = 6 exactly.
    const r = welchTTest([1, 2, 3, 4], [4, 5, 6, 7])
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(5 / 6), 12)
    expect(r.df).toBeCloseTo(6, 12)
  })

  it('follows the edge-case rule', () => {
    const constant = welchTTest([1, 1, 1], [0, 0, 0], 'greater')
    expect(constant.diff).toBe(1)
    expect(constant.t).toBeNaN()
    expect(constant.p).toBeNaN()
    expect(constant.ci).toEqual([NaN, NaN])
    expect(welchTTest([1], [1, 2]).p).toBeNaN()
    expect(() => welchTTest([1, 2], [1, 2], 'bigger' as 'greater')).toThrow(/welchTTest: alternative/)
  })
})

describe('pairedTTest', () => {
  it('reproduces R: t.test(sleep1, sleep2, paired = TRUE)', () => {
    // R prints: t = -4.0621, df = 9, p-value = 0.002833,
    // 95 percent confidence interval: -2.4598858 -0.7001142; mean difference -1.58.
    const r = pairedTTest(sleep1, sleep2, 'two-sided')
    expect(r.t).toBeCloseTo(-4.0621, 4)
    expect(r.df).toBe(9)
    expect(r.p).toBeCloseTo(0.002833, 6)
    expect(r.diff).toBeCloseTo(-1.58, 14)
    expect(r.ci[0]).toBeCloseTo(-2.4598858, 7)
    expect(r.ci[1]).toBeCloseTo(-0.7001142, 7)
    expect(pairedTTest(sleep1, sleep2, 'less').p).toBeCloseTo(0.002833 / 2, 6)
  })

  it('throws naming both lengths when they differ', () => {
    expect(() => pairedTTest([1, 2, 3], [1, 2, 3, 4], 'greater')).toThrow(
      'pairedTTest: paired samples need equal lengths (got a.length=3, b.length=4)',
    )
  })

  it('NaN when the differences are constant or n < 2', () => {
    expect(pairedTTest([1, 2, 3], [0, 1, 2]).p).toBeNaN()
    expect(pairedTTest([1], [0]).p).toBeNaN()
  })
})

describe('holm', () => {
  it("reproduces Wikipedia's Holm-Bonferroni example", () => {
    // p = 0.01, 0.04, 0.03, 0.005 (m = 4). Sorted: 0.005, 0.01, 0.03, 0.04 ->
    // 4 * 0.005 = 0.02, 3 * 0.01 = 0.03, 2 * 0.03 = 0.06, max(1 * 0.04, 0.06) = 0.06.
    // Back in input order: 0.03, 0.06, 0.06, 0.02 (H1 and H4 rejected at 0.05, as in the article).
    const adj = holm([0.01, 0.04, 0.03, 0.005])
    ;[0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 15))
  })

  it('is monotone (step-down max), capped at 1, and keeps NaN', () => {
    // 3 * 0.01 = 0.03, 2 * 0.02 = 0.04, max(1 * 0.03, 0.04) = 0.04
    expect(holm([0.03, 0.01, 0.02]).map((v) => +v.toFixed(12))).toEqual([0.04, 0.03, 0.04])
    expect(holm([0.5, 0.6])).toEqual([1, 1]) // 2 * 0.5 = 1, max(0.6, 1) = 1
    expect(holm([0.02, 0.02])).toEqual([0.04, 0.04])
    // NaN stays NaN and counts in m = 3: 3 * 0.01 = 0.03, 2 * 0.04 = 0.08
    const withNaN = holm([NaN, 0.01, 0.04])
    expect(withNaN[0]).toBeNaN()
    expect(withNaN[1]).toBeCloseTo(0.03, 15)
    expect(withNaN[2]).toBeCloseTo(0.08, 15)
    expect(holm([])).toEqual([])
    expect(() => holm([0.1, 1.2])).toThrow(/holm: pValues\[1\]/)
  })
})

describe('tost', () => {
  it('paired: matches a hand computation on the sleep data (margin 2)', () => {
    // diff = -1.58, se = 1.229995 / sqrt(10) = 0.3889587, df = 9.
    // t_L = (-1.58 + 2) / se = 1.079806 -> pLower = P(T_9 >= 1.079806) = 0.154157;
    // t_U = (-1.58 - 2) / se = -9.204059 -> pUpper = 3.55e-6; p = 0.154157 -> not equivalent.
    // (Tail probabilities by Simpson integration of the t_9 density in plain Python, independent of stdlib.)
    // 90% CI: -1.58 -/+ t_{0.95, 9} (1.833113) * 0.3889587 = [-2.293005, -0.866995].
    const r = tost(sleep1, sleep2, 2, { paired: true })
    expect(r.p).toBeCloseTo(0.154157, 6)
    expect(r.pUpper).toBeLessThan(1e-5)
    expect(r.ci90[0]).toBeCloseTo(-2.293005, 6)
    expect(r.ci90[1]).toBeCloseTo(-0.866995, 6)
    expect(r.equivalent).toBe(false)
    // margin 2.5: the 90% CI lies inside (-2.5, 2.5), so equivalent.
    const wide = tost(sleep1, sleep2, 2.5, { paired: true })
    expect(wide.equivalent).toBe(true)
    expect(wide.p).toBeLessThan(0.05)
  })

  it('equals two shifted one-sided t tests (paired and Welch)', () => {
    const m = 1.2
    const up = sleep1.map((v) => v + m)
    const down = sleep1.map((v) => v - m)
    const p = tost(sleep1, sleep2, m, { paired: true })
    expect(p.pLower).toBeCloseTo(pairedTTest(up, sleep2, 'greater').p, 12)
    expect(p.pUpper).toBeCloseTo(pairedTTest(down, sleep2, 'less').p, 12)
    expect(p.ci90).toEqual(pairedTTest(sleep1, sleep2, 'two-sided', { level: 0.9 }).ci)
    const w = tost(sleep1, sleep2, 3)
    expect(w.pLower).toBeCloseTo(welchTTest(sleep1.map((v) => v + 3), sleep2, 'greater').p, 12)
    expect(w.pUpper).toBeCloseTo(welchTTest(sleep1.map((v) => v - 3), sleep2, 'less').p, 12)
    expect(w.p).toBe(Math.max(w.pLower, w.pUpper))
    // equivalent <=> 90% CI strictly inside (-margin, margin)
    expect(w.equivalent).toBe(w.ci90[0] > -3 && w.ci90[1] < 3)
  })

  it('throws for a non-positive margin; NaN and not equivalent for too few samples', () => {
    expect(() => tost([1, 2], [1, 2], 0)).toThrow(/tost: margin must be a finite number > 0/)
    expect(() => tost([1, 2], [1, 2], -1)).toThrow(/margin/)
    const r = tost([1], [1, 2], 1)
    expect(r.p).toBeNaN()
    expect(r.equivalent).toBe(false)
  })
})

describe('bootstrapDiffCi', () => {
  it('unpaired: matches the exact stratified bootstrap distribution', () => {
    // a = 0, 2: mean(a*) in {0, 1, 2} w.p. 1/4, 1/2, 1/4; b = 0, 1: mean(b*) in {0, .5, 1} likewise.
    // Smallest difference 0 - 1 = -1 w.p. 1/16 = 0.0625, largest 2 - 0 = 2 w.p. 1/16: the 5% and 95%
    // points sit inside those atoms (0.0125 = 5 Monte-Carlo SDs away from the boundary at 10_000 reps).
    expect(bootstrapDiffCi([0, 2], [0, 1], { rng: makeRng(1), level: 0.9 })).toEqual([-1, 2])
  })

  it('paired: resamples seeds jointly, i.e. bootstraps the mean of the differences', () => {
    const d = sleep1.map((v, i) => v - sleep2[i])
    const paired = bootstrapDiffCi(sleep1, sleep2, { paired: true, rng: makeRng(9, 'b') })
    expect(paired).toEqual(bootstrapMeanCi(d, { rng: makeRng(9, 'b') }))
    // Pairing removes the between-patient spread: much narrower than the unpaired interval.
    const unpaired = bootstrapDiffCi(sleep1, sleep2, { rng: makeRng(9, 'b') })
    expect(paired[1] - paired[0]).toBeLessThan(0.6 * (unpaired[1] - unpaired[0]))
    // And close to the paired t interval [-2.46, -0.70] (bootstrap is a bit narrower at n = 10).
    expect(paired[0]).toBeGreaterThan(-2.6)
    expect(paired[1]).toBeLessThan(-0.6)
  })

  it('is deterministic given the seed and follows the edge-case rule', () => {
    const o = { rng: makeRng(3), reps: 2000 }
    expect(bootstrapDiffCi(sleep1, sleep2, o)).toEqual(bootstrapDiffCi(sleep1, sleep2, { rng: makeRng(3), reps: 2000 }))
    expect(bootstrapDiffCi([1], [1, 2], { rng: makeRng(0) })).toEqual([NaN, NaN])
    expect(() => bootstrapDiffCi([1, 2], [1, 2, 3], { paired: true, rng: makeRng(0) })).toThrow(/a\.length=2, b\.length=3/)
  })
})

describe('varianceRatioTest', () => {
  it('matches scipy.stats.f.sf on the variance ratio (one-sided: is b narrower than a?)', () => {
    const a = [0.1, 0.5, -0.3, 0.9, 0.2, -0.7, 0.4, 0.05]
    const b = [0.02, 0.1, -0.05, 0.2, 0.0, -0.1, 0.08, 0.03, 0.01]
    const r = varianceRatioTest(a, b)
    // scipy 1.17.1: vb / va, f.sf(va / vb, 7, 8)
    expect(r.ratio).toBeCloseTo(0.03161243851742093, 12)
    expect(r.p).toBeCloseTo(3.231480747280155e-05, 9)
    // Equal spread: p = 1/2; reversed roles: the complement.
    expect(varianceRatioTest([1, 2, 3, 4], [2, 4, 6, 8].map((x) => x / 2)).p).toBeCloseTo(0.5, 12)
    expect(varianceRatioTest(b, a).p).toBeCloseTo(1 - 3.231480747280155e-05, 9)
    expect(() => varianceRatioTest([1], [1, 2])).toThrow(/each sample needs >= 2 values/)
  })
})
