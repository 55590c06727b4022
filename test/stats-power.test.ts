// Noncentral t, t-test power and seeds-for-power, checked against the central t (ncp = 0), the normal
// limit, R's power.t.test documentation examples, Cohen (1988) and hand computations.
import { describe, expect, it } from 'vitest'
import { noncentralTCdf, seedsForPower, tTestPower } from '../src/stats/index.js'
import { normalCdf, tCdf, tQuantile } from '../src/stats/_dist.js'

describe('noncentralTCdf', () => {
  it('reduces to the central t for ncp = 0 (stdlib t cdf)', () => {
    for (const [x, df] of [[1.5, 10], [-2, 1], [0.3, 3], [2.5, 2.5], [3, 0.5], [-0.7, 7], [1.9, 1000]] as const) {
      expect(noncentralTCdf(x, df, 0)).toBeCloseTo(tCdf(x, df), 12)
      expect(noncentralTCdf(x, df, 0, 'upper')).toBeCloseTo(tCdf(-x, df), 12)
    }
  })

  it('tends to the normal Phi(x - ncp) for huge df', () => {
    expect(noncentralTCdf(1, 1e6, 2)).toBeCloseTo(normalCdf(-1), 4)
  })

  it('lower + upper = 1, and mirror symmetry F(x; ncp) = 1 - F(-x; -ncp)', () => {
    expect(noncentralTCdf(1.3, 6, 2.2) + noncentralTCdf(1.3, 6, 2.2, 'upper')).toBeCloseTo(1, 12)
    expect(noncentralTCdf(1.3, 6, 2.2)).toBeCloseTo(1 - noncentralTCdf(-1.3, 6, -2.2), 12)
  })

  it('throws for df <= 0', () => {
    expect(() => noncentralTCdf(0, 0, 0)).toThrow(/noncentralTCdf: df must be > 0/)
  })
})

describe('tTestPower (exact, noncentral t)', () => {
  it("reproduces R's power.t.test examples (stats package documentation)", () => {
    // power.t.test(n = 20, delta = 1) -> power = 0.8689528 (upper rejection region only; ours adds
    // the lower region, P(T' < -2.024) ~ 1e-7 here).
    expect(tTestPower(1, 20, { oneSided: false })).toBeCloseTo(0.8689528, 6)
    // power.t.test(power = .90, delta = 1) -> n = 22.02110; one.sided -> n = 17.84713.
    expect(tTestPower(1, 22.0211, { oneSided: false })).toBeCloseTo(0.9, 5)
    expect(tTestPower(1, 17.84713, { oneSided: true })).toBeCloseTo(0.9, 5)
    // power.t.test(n = 64, delta = 0.5) -> power = 0.8014596
    expect(tTestPower(0.5, 64, { oneSided: false })).toBeCloseTo(0.8014596, 6)
  })

  it('gives alpha at effect 0 and is NaN below 2 seeds', () => {
    expect(tTestPower(0, 8)).toBeCloseTo(0.05, 9)
    expect(tTestPower(0, 8, { oneSided: false, paired: true })).toBeCloseTo(0.05, 9)
    expect(tTestPower(1, 1)).toBeNaN()
  })
})

describe('seedsForPower', () => {
  it("matches Cohen's (1988) table 2.4.1 and ceil() of R's power.t.test", () => {
    // Cohen 1988, Table 2.4.1 (two-tailed a = .05, power .80): d = .5 -> 64, d = .8 -> 26 per group.
    expect(seedsForPower(0.5, { oneSided: false })).toBe(64)
    expect(seedsForPower(0.8, { oneSided: false })).toBe(26)
    // R: power.t.test(power = .90, delta = 1) n = 22.02 -> 23; one.sided n = 17.85 -> 18.
    expect(seedsForPower(1, { power: 0.9, oneSided: false })).toBe(23)
    expect(seedsForPower(1, { power: 0.9 })).toBe(18)
    // Paired, d_z = 0.5, two-sided 80%: 34 pairs (G*Power "matched pairs"; exact power at 33 is 0.7954, at 34 0.8078).
    expect(seedsForPower(0.5, { paired: true, oneSided: false })).toBe(34)
  })

  it('returns the smallest n whose exact power reaches the target', () => {
    for (const paired of [false, true]) {
      for (const oneSided of [true, false]) {
        for (const d of [0.6, 1, 1.5, 2, 3]) {
          const n = seedsForPower(d, { paired, oneSided })
          expect(tTestPower(d, n, { paired, oneSided })).toBeGreaterThanOrEqual(0.8)
          if (n > 2) expect(tTestPower(d, n - 1, { paired, oneSided })).toBeLessThan(0.8)
        }
      }
    }
  })

  it("method 'central-t' follows the shifted central-t approximation (hand check)", () => {
    // One-sided, d = 2, independent arms. Normal start: 2 * ((1.645 + 0.842) / 2)^2 = 3.09 -> 4.
    // n = 4: df = 6, ncp = 2 sqrt(2) = 2.828, t_{.95,6} = 1.943 -> P(T_6 > -0.885) = 0.795 < 0.8;
    // n = 5: df = 8, ncp = sqrt(10) = 3.162, t_{.95,8} = 1.860 -> P(T_8 > -1.303) = 0.8855 -> 5.
    // The exact noncentral power at n = 4 is 0.8015, so the exact method answers 4.
    const approx = (n: number) => tCdf(2 * Math.sqrt(n / 2) - tQuantile(0.95, 2 * n - 2), 2 * n - 2)
    expect(approx(4)).toBeCloseTo(0.795, 3)
    expect(approx(5)).toBeCloseTo(0.8855, 3)
    expect(seedsForPower(2, { method: 'central-t' })).toBe(5)
    expect(seedsForPower(2)).toBe(4)
    expect(tTestPower(2, 4)).toBeCloseTo(0.8015, 4)
    // On the textbook cases both methods agree.
    expect(seedsForPower(0.5, { oneSided: false, method: 'central-t' })).toBe(64)
    expect(seedsForPower(1, { power: 0.9, oneSided: false, method: 'central-t' })).toBe(23)
  })

  it('edge cases: effect 0 / NaN -> Infinity, sign ignored, minimum 2, bad arguments throw', () => {
    expect(seedsForPower(0)).toBe(Infinity)
    expect(seedsForPower(NaN)).toBe(Infinity)
    expect(seedsForPower(-0.8, { oneSided: false })).toBe(26)
    expect(seedsForPower(50)).toBe(2)
    expect(() => seedsForPower(1, { power: 1 })).toThrow(/seedsForPower: power must be in \(0, 1\)/)
    expect(() => seedsForPower(1, { alpha: 0 })).toThrow(/seedsForPower: alpha/)
  })
})
