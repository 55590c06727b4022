// Group-sequential design: spending functions, boundaries, repeated p-values and intervals, checked
// against R gsDesign's published values and an independent bivariate-normal integral.
import { describe, expect, it } from 'vitest'
import {
  groupSequentialBounds, repeatedConfidenceInterval, repeatedPValue, spendingObrienFleming, spendingPocock,
} from '../src/stats/index.js'
import { normalCdf } from '../src/stats/_dist.js'

const equal = (K: number) => Array.from({ length: K }, (_, i) => (i + 1) / K)

describe('alpha-spending functions', () => {
  it("O'Brien-Fleming-type spends what gsDesign's sfLDOF spends (k = 5, alpha 0.025)", () => {
    // gsDesign(k = 5, test.type = 4, sfu = sfLDOF, sfl = sfLDOF)$falseposnb: the upper-bound
    // crossing probabilities under H0, ignoring the (non-binding) lower bound = the increments of
    // sfLDOF at t = 0.2, ..., 1 (gsDesign tests/testthat/fixtures/numint-fixtures.R).
    const published = [5.38871262945e-7, 3.936130192731e-4, 3.413911554315e-3, 8.403729914422e-3, 1.27882097937e-2]
    const cum = equal(5).map((t) => spendingObrienFleming(t, 0.025))
    const inc = cum.map((c, i) => c - (i ? cum[i - 1] : 0))
    inc.forEach((v, i) => expect(v / published[i]).toBeCloseTo(1, 4))
  })

  it('spends nothing at t = 0 and alpha at t = 1, increasing between; Pocock is alpha ln(1 + (e - 1) t)', () => {
    for (const f of [spendingObrienFleming, spendingPocock]) {
      expect(f(0, 0.05)).toBe(0)
      expect(f(1, 0.05)).toBe(0.05)
      const v = [0.1, 0.3, 0.5, 0.9].map((t) => f(t, 0.05))
      v.forEach((x, i) => i && expect(x).toBeGreaterThan(v[i - 1]))
    }
    expect(spendingPocock(0.5, 0.025)).toBeCloseTo(0.025 * Math.log(1 + (Math.E - 1) / 2), 15)
    // O'Brien-Fleming-type spends far less early than Pocock-type.
    expect(spendingObrienFleming(0.25, 0.05)).toBeLessThan(spendingPocock(0.25, 0.05) / 50)
  })

  it('rejects t outside [0, 1] and alpha outside (0, 1), naming them', () => {
    expect(() => spendingObrienFleming(1.5, 0.05)).toThrow(/spendingObrienFleming: t must be in \[0, 1\]/)
    expect(() => spendingPocock(0.5, 0)).toThrow(/spendingPocock: alpha must be in \(0, 1\)/)
  })
})

describe('groupSequentialBounds (Armitage-McPherson-Rowe recursion)', () => {
  it("matches gsDesign's Lan-DeMets O'Brien-Fleming bounds, 5 equally spaced looks, one-sided 0.025", () => {
    // gsDesign(k = 5, test.type = 4, sfu = sfLDOF, sfl = sfLDOF)$upper$bound (non-binding lower
    // bound: the upper bound is the test.type = 1 bound), numint-fixtures.R.
    const published = [4.876884948776, 3.357010992883, 2.680279581382, 2.289816682347, 2.03103221506]
    groupSequentialBounds(equal(5), 0.025).upper.forEach((b, i) => expect(b).toBeCloseTo(published[i], 4))
  })

  it('matches the tabulated 2-, 3- and 4-look bounds at one-sided 0.025 and 0.05', () => {
    // 3 and 4 looks at 0.025: the commonly tabulated Lan-DeMets O'Brien-Fleming bounds (gsDesign sfLDOF,
    // ldbounds iuse = 1; 4 decimals), quoted from those tables, not from a file in this repository.
    expect(groupSequentialBounds(equal(3), 0.025).upper.map((b) => +b.toFixed(4))).toEqual([3.7103, 2.5114, 1.993])
    expect(groupSequentialBounds(equal(4), 0.025).upper.map((b) => +b.toFixed(4))).toEqual([4.3326, 2.9631, 2.359, 2.0141])
    // SeqBounds.jl README (one-sided alpha 0.05, 4 looks, coarse grid h = 0.05): 3.74955 2.53993 2.01604 1.72014.
    groupSequentialBounds(equal(4), 0.05).upper.forEach((b, i) => expect(b).toBeCloseTo([3.74955, 2.53993, 2.01604, 1.72014][i], 3))
    // Two looks: look 1 is Phi^-1(1 - alpha(0.5)) exactly; look 2 is checked by the integral below.
    expect(groupSequentialBounds(equal(2), 0.025).upper[0]).toBeCloseTo(2.96259, 4)
  })

  it('spends exactly alpha(t) at each look (independent check: 2 looks by a direct bivariate-normal integral)', () => {
    for (const spending of ['obrien-fleming', 'pocock'] as const) {
      for (const [t1, alpha] of [[0.5, 0.025], [0.3, 0.05], [0.7, 0.05]]) {
        const b = groupSequentialBounds([t1, 1], alpha, spending)
        // P(Z1 < b1, Z2 >= b2), Z2 = sqrt(t1) Z1 + sqrt(1 - t1) W: fine trapezoid over z1.
        const r = Math.sqrt(t1), s = Math.sqrt(1 - t1)
        let p = 0
        const lo = -12, steps = 20_000, h = (b.upper[0] - lo) / steps
        for (let i = 0; i <= steps; i++) {
          const z = lo + i * h
          const f = (Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)) * normalCdf(-(b.upper[1] - r * z) / s)
          p += (i === 0 || i === steps ? 0.5 : 1) * f * h
        }
        expect(normalCdf(-b.upper[0])).toBeCloseTo(b.spent[0], 10)
        expect(p / (b.spent[1] - b.spent[0])).toBeCloseTo(1, 5)
      }
    }
  })

  it('one look is the fixed-sample test; Pocock-type bounds are flat, OBF-type fall; nominal = 1 - Phi(upper)', () => {
    expect(groupSequentialBounds([1], 0.05).upper[0]).toBeCloseTo(1.644854, 6)
    const p = groupSequentialBounds(equal(5), 0.025, 'pocock').upper
    expect(Math.max(...p) - Math.min(...p)).toBeLessThan(0.06)
    const o = groupSequentialBounds(equal(5), 0.025)
    o.upper.forEach((u, i) => { if (i) expect(u).toBeLessThan(o.upper[i - 1]); expect(o.nominal[i]).toBeCloseTo(normalCdf(-u), 15) })
  })

  it('rejects a timing that does not increase within (0, 1]', () => {
    expect(() => groupSequentialBounds([0.5, 0.5, 1], 0.05)).toThrow(/timing must increase within \(0, 1\] \(got timing\[1\] = 0.5\)/)
    expect(() => groupSequentialBounds([], 0.05)).toThrow(/timing must be a non-empty array/)
  })
})

describe('repeatedPValue', () => {
  const t6 = equal(6)
  it("inverts the nominal levels: a look's boundary at alpha' has repeated p-value alpha'", () => {
    for (const a of [0.05, 0.0123, 0.05 / 3, 0.001]) {
      const nu = groupSequentialBounds(t6, a).nominal
      nu.forEach((v, k) => expect(repeatedPValue(v, k + 1, t6) / a).toBeCloseTo(1, 3))
    }
    expect(repeatedPValue(0.048246, 2, [0.5, 1])).toBeCloseTo(0.05, 4)
  })

  it('is increasing in p, at least p, NaN for NaN, and checks its look', () => {
    const xs = [1e-6, 1e-4, 0.001, 0.01, 0.03, 0.1, 0.4].map((p) => repeatedPValue(p, 3, t6))
    xs.forEach((x, i) => i && expect(x).toBeGreaterThan(xs[i - 1]))
    for (const p of [0.001, 0.01, 0.1]) expect(repeatedPValue(p, 3, t6)).toBeGreaterThan(p)
    expect(repeatedPValue(NaN, 1, t6)).toBeNaN()
    expect(() => repeatedPValue(0.1, 7, t6)).toThrow(/look must be an integer in \[1, 6\]/)
  })
})

describe('repeatedConfidenceInterval', () => {
  it("is estimate +- the look's critical value times se (z or t)", () => {
    const b = groupSequentialBounds([0.5, 1], 0.05)
    const { lo, hi } = repeatedConfidenceInterval(1, 0.2, Infinity, b.nominal[0])
    expect(lo).toBeCloseTo(1 - 0.2 * b.upper[0], 10)
    expect(hi).toBeCloseTo(1 + 0.2 * b.upper[0], 10)
    // On the t scale it is wider than on z, and undefined without spread.
    expect(repeatedConfidenceInterval(1, 0.2, 7, b.nominal[0]).lo).toBeLessThan(lo)
    expect(repeatedConfidenceInterval(1, 0, 7, b.nominal[0])).toEqual({ lo: NaN, hi: NaN })
  })
})
