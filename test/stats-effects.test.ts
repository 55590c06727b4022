// Effect sizes and probability of improvement, checked against Borenstein et al. (2009), rliable's
// own unit test, enumeration by hand and the Mann-Whitney rank-sum identity.
import { describe, expect, it } from 'vitest'
import { hedgesG, mean, pairedEffectSize, probabilityOfImprovement, sampleStd } from '../src/stats/index.js'
import { makeRng } from '../src/util/rng.js'

const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
const Z975 = 1.959963984540054

/** A sample of size n with exactly the given mean and sample SD (standardized normal draws). */
function withMoments(n: number, m: number, s: number, seed: number): number[] {
  const rng = makeRng(seed, 'moments')
  const x = Array.from({ length: n }, () => rng.normal())
  const mx = mean(x)
  const sx = sampleStd(x)
  return x.map((v) => m + ((v - mx) / sx) * s)
}

describe('hedgesG', () => {
  it('reproduces the Borenstein et al. (2009) worked example', () => {
    // Introduction to Meta-Analysis, ch. 4 (d and g from independent groups): means 103 and 100,
    // SDs 5.5 and 4.5, n = 50 each. Printed: S_within = 5.0249, d = 0.5970, J = 0.9923, g = 0.5924.
    // By hand: S_within^2 = (49 * 30.25 + 49 * 20.25) / 98 = 25.25; d = 3 / sqrt(25.25) = 0.597022;
    // J = 1 - 3 / (4 * 100 - 9) = 1 - 3/391 = 0.992327; g = 0.592442.
    // Our variance (large-sample formula with g): 100/2500 + 0.592442^2 / 200 = 0.041755,
    // se = 0.204340, 95% CI 0.592442 -/+ 1.959964 * 0.204340 = [0.191942, 0.992941].
    // (Borenstein's V_g = J^2 V_d = 0.9923^2 * 0.0418 = 0.0411 is slightly smaller; see hedgesG doc.)
    const a = withMoments(50, 103, 5.5, 1)
    const b = withMoments(50, 100, 4.5, 2)
    const r = hedgesG(a, b)
    expect(r.d).toBeCloseTo(0.597022, 6)
    expect(r.J).toBeCloseTo(1 - 3 / 391, 14)
    expect(r.g).toBeCloseTo(0.592442, 6)
    expect(r.se).toBeCloseTo(0.20434, 5)
    expect(r.ci.lo).toBeCloseTo(0.191942, 5)
    expect(r.ci.hi).toBeCloseTo(0.992941, 5)
  })

  it('matches a small hand example and is antisymmetric', () => {
    // a = 2,4,6 (mean 4, s^2 4), b = 1,2,3 (mean 2, s^2 1): s_p^2 = (2*4 + 2*1) / 4 = 2.5,
    // d = 2 / sqrt(2.5) = 1.264911, J = 1 - 3/(24 - 9) = 0.8, g = 1.011929,
    // var = 6/9 + g^2 / 12 = 0.666667 + 0.085333 = 0.752000, se = 0.867179.
    const r = hedgesG([2, 4, 6], [1, 2, 3])
    expect(r.d).toBeCloseTo(2 / Math.sqrt(2.5), 14)
    expect(r.J).toBeCloseTo(0.8, 14)
    expect(r.g).toBeCloseTo(0.8 * (2 / Math.sqrt(2.5)), 14)
    expect(r.se).toBeCloseTo(Math.sqrt(0.752), 12)
    expect(r.ci.lo).toBeCloseTo(r.g - Z975 * r.se, 12)
    const s = hedgesG([1, 2, 3], [2, 4, 6])
    expect(s.g).toBeCloseTo(-r.g, 14)
    expect(s.se).toBeCloseTo(r.se, 14)
  })

  it('follows the edge-case rule', () => {
    expect(hedgesG([1], [1, 2]).g).toBeNaN()
    expect(hedgesG([1, 1], [2, 2]).g).toBeNaN() // pooled SD 0
    expect(() => hedgesG([1, 2], [1, NaN])).toThrow(/hedgesG: b\[1\]/)
  })
})

describe('pairedEffectSize (d_z with Hedges correction)', () => {
  it('matches a hand computation on the R sleep data', () => {
    // differences sleep1 - sleep2: -1.2 -2.4 -1.3 -1.3 0 -1.0 -1.8 -0.8 -4.6 -1.4, mean -1.58,
    // sd 1.229995 -> d_z = -1.284558; J = 1 - 3 / (4 * 9 - 1) = 32/35 = 0.9142857; g = -1.174453;
    // var = 1/10 + g^2 / 20 = 0.1 + 0.068967 = 0.168967, se = 0.411056.
    const r = pairedEffectSize(sleep1, sleep2)
    expect(r.d).toBeCloseTo(-1.284558, 6)
    expect(r.J).toBeCloseTo(32 / 35, 14)
    expect(r.g).toBeCloseTo(-1.174453, 6)
    expect(r.se).toBeCloseTo(0.411056, 6)
    expect(r.ci.hi).toBeCloseTo(-1.174453 + Z975 * 0.411056, 5)
  })

  it('throws naming both lengths when they differ', () => {
    expect(() => pairedEffectSize([1, 2, 3], [1, 2])).toThrow(/a\.length=3, b\.length=2/)
  })

  it('NaN when all differences are equal or n < 2', () => {
    expect(pairedEffectSize([1, 2, 3], [0, 1, 2]).g).toBeNaN()
    expect(pairedEffectSize([1], [0]).g).toBeNaN()
  })
})

describe('probabilityOfImprovement', () => {
  it('matches enumeration by hand', () => {
    // x = 1: beats none of (2, 2, 4) -> 0; x = 2: ties 2 and 2 -> 0.5 + 0.5; x = 3: beats 2 and 2 -> 2.
    // (0 + 1 + 2) / 9 = 1/3
    expect(probabilityOfImprovement([1, 2, 3], [2, 2, 4])).toBeCloseTo(1 / 3, 15)
  })

  it("reproduces rliable's metrics_test.py (1/3 on each task)", () => {
    // task 0: x = 1,2,1,2 vs y = 1,2,3 -> 1: 0.5; 2: 1 + 0.5 -> (0.5 + 1.5) * 2 / 12 = 1/3
    // task 1: x = 2,2,1,1 vs y = 1,2,3 -> same multiset -> 1/3
    expect(probabilityOfImprovement([1, 2, 1, 2], [1, 2, 3])).toBeCloseTo(1 / 3, 15)
    expect(probabilityOfImprovement([2, 2, 1, 1], [1, 2, 3])).toBeCloseTo(1 / 3, 15)
  })

  it('equals U / (nx ny) from the rank-sum formula and satisfies P(x,y) + P(y,x) = 1', () => {
    const rng = makeRng(5, 'poi')
    // Integer-valued scores so there are ties.
    const x = Array.from({ length: 7 }, () => rng.int(6))
    const y = Array.from({ length: 5 }, () => rng.int(6))
    // Mann-Whitney: U_x = R_x - nx (nx + 1) / 2, R_x = sum of mid-ranks of x in the pooled sample.
    const pooled = [...x, ...y].sort((p, q) => p - q)
    const midrank = (v: number) => {
      const first = pooled.indexOf(v) + 1
      const last = pooled.lastIndexOf(v) + 1
      return (first + last) / 2
    }
    const rx = x.reduce((s, v) => s + midrank(v), 0)
    const u = rx - (x.length * (x.length + 1)) / 2
    expect(probabilityOfImprovement(x, y)).toBeCloseTo(u / (x.length * y.length), 14)
    expect(probabilityOfImprovement(x, y) + probabilityOfImprovement(y, x)).toBeCloseTo(1, 14)
  })

  it('limits: identical arms 0.5, dominance 1, empty NaN', () => {
    expect(probabilityOfImprovement([1, 2, 3], [3, 2, 1])).toBe(0.5)
    expect(probabilityOfImprovement([5, 6], [1, 2, 3])).toBe(1)
    expect(probabilityOfImprovement([], [1])).toBeNaN()
  })
})
