// Descriptive statistics and one-arm intervals of src/stats, checked against hand computations
// (shown in the comments) and published outputs of R / NumPy / SciPy / rliable.
import { describe, expect, it } from 'vitest'
import {
  bootstrapMeanCi,
  interquartileMean,
  mean,
  meanBand,
  median,
  quantile,
  sampleStd,
  sampleVariance,
  summarize,
  tInterval,
} from '../src/stats/index.js'
import { tQuantile } from '../src/stats/_dist.js'
import { makeRng } from '../src/util/rng.js'

// Cushny & Peebles sleep data as shipped with R (`sleep$extra`), group 1 (drug 1).
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]

describe('mean / sampleVariance / sampleStd', () => {
  it('matches hand values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5)
    // Wikipedia "Standard deviation" example: 2,4,4,4,5,5,7,9 has mean 5 and sum of squared
    // deviations 9+1+1+1+0+0+4+16 = 32, so the sample variance is 32/7 and the sample SD sqrt(32/7).
    expect(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 14)
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14)
  })

  it('is accurate for large offsets (two-pass algorithm)', () => {
    const x = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16] // mean 1e9+10, deviations -6,-3,3,6: ss = 90
    expect(mean(x)).toBe(1e9 + 10)
    expect(sampleVariance(x)).toBe(30)
  })

  it('accepts Float64Array', () => {
    expect(mean(new Float64Array([1, 2, 3]))).toBe(2)
  })

  it('follows the edge-case rule: too few samples -> NaN, bad data -> throw naming the index', () => {
    expect(mean([])).toBeNaN()
    expect(sampleVariance([3])).toBeNaN()
    expect(sampleStd([])).toBeNaN()
    expect(() => mean([1, NaN])).toThrow(/mean: x\[1\] must be a finite number/)
    expect(() => sampleVariance([1, Infinity])).toThrow(/x\[1\]/)
  })
})

describe('quantile / median', () => {
  it('uses type 7 (R default, numpy default)', () => {
    // R: quantile(1:10) -> 1.00 3.25 5.50 7.75 10.00. Hand: h = 9 * 0.25 = 2.25 -> 3 + 0.25 * (4 - 3).
    const x = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => quantile(x, p))).toEqual([1, 3.25, 5.5, 7.75, 10])
    // NumPy docs (numpy.percentile): a = [[10, 7, 4], [3, 2, 1]], np.percentile(a, 50) -> 3.5
    expect(quantile([10, 7, 4, 3, 2, 1], 0.5)).toBe(3.5)
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75) // h = 3 * 0.25 = 0.75 -> 1 + 0.75
    expect(() => quantile([1], 1.5)).toThrow(/quantile: p must be in \[0, 1\]/)
    expect(quantile([], 0.5)).toBeNaN()
  })

  it('median of even and odd samples', () => {
    expect(median([3, 1, 4, 1, 5, 9])).toBe(3.5) // sorted 1 1 3 4 5 9 -> (3 + 4) / 2
    expect(median([3, 1, 4, 1, 5])).toBe(3)
    expect(median([])).toBeNaN()
  })

  it('does not mutate its input', () => {
    const x = [3, 1, 2]
    median(x)
    expect(x).toEqual([3, 1, 2])
  })
})

describe('interquartileMean', () => {
  it('reproduces rliable metrics_test.py (scipy.stats.trim_mean(x, 0.25) over all runs and tasks)', () => {
    // rliable tests/rliable/metrics_test.py: x = [[1,2],[2,2],[1,1],[2,1]] -> aggregate_iqm 1.5,
    // y = [[1,1],[2,2],[3,3]] -> 2 (axis=None flattens runs x tasks).
    expect(interquartileMean([1, 2, 2, 2, 1, 1, 2, 1])).toBe(1.5)
    expect(interquartileMean([1, 1, 2, 2, 3, 3])).toBe(2)
  })

  it("'trim' drops floor(n/4) per end like SciPy; 'fractional' weights the boundary observations", () => {
    // n = 5: scipy cuts int(0.25 * 5) = 1 per end -> (2 + 4 + 8) / 3 = 14/3.
    // fractional: order statistic i owns [i/5, (i+1)/5]; twice its overlap with [0.25, 0.75] is
    // 0, 0.3, 0.4, 0.3, 0 -> 0.3*2 + 0.4*4 + 0.3*8 = 4.6.
    const x = [100, 4, 1, 8, 2]
    expect(interquartileMean(x)).toBeCloseTo(14 / 3, 14)
    expect(interquartileMean(x, { method: 'fractional' })).toBeCloseTo(4.6, 14)
    // n = 3: scipy trims nothing (int(0.75) = 0), so IQM = mean = 11;
    // fractional weights 1/6, 2/3, 1/6 -> 1/6 + 4/3 + 5 = 6.5.
    expect(interquartileMean([1, 2, 30])).toBe(11)
    expect(interquartileMean([1, 2, 30], { method: 'fractional' })).toBeCloseTo(6.5, 14)
    // n = 6, fractional: weights 0, 1/6, 1/3, 1/3, 1/6, 0 on 1,1,2,2,3,3 -> 1/6 + 2/3 + 2/3 + 1/2 = 2.
    expect(interquartileMean([1, 1, 2, 2, 3, 3], { method: 'fractional' })).toBeCloseTo(2, 14)
  })

  it('both methods agree when n is a multiple of 4', () => {
    const x = [5, -1, 3, 9, 2, 7, 0, 4] // sorted -1 0 2 3 4 5 7 9, middle four 2 3 4 5 -> 3.5
    expect(interquartileMean(x)).toBe(3.5)
    expect(interquartileMean(x, { method: 'fractional' })).toBeCloseTo(3.5, 14)
  })

  it('edge cases', () => {
    expect(interquartileMean([])).toBeNaN()
    expect(interquartileMean([7])).toBe(7)
    expect(() => interquartileMean([1], { method: 'x' as 'trim' })).toThrow(/interquartileMean: method/)
  })
})

describe('tInterval', () => {
  it('uses t_{0.975, 9} = 2.262157 (standard t table)', () => {
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 6)
    expect(tQuantile(0.975, 7)).toBeCloseTo(2.364624, 6)
  })

  it('matches a hand computation on R sleep group 1 (same formula as R one-sample t.test)', () => {
    // mean 0.75, s = 1.789010, s / sqrt(10) = 0.5657345, half width 2.262157 * 0.5657345 = 1.279780
    const { lo, hi } = tInterval(sleep1)
    expect(lo).toBeCloseTo(-0.5297804, 6)
    expect(hi).toBeCloseTo(2.0297804, 6)
  })

  it('edge cases', () => {
    expect(tInterval([1])).toEqual({ lo: NaN, hi: NaN })
    expect(tInterval([2, 2, 2])).toEqual({ lo: 2, hi: 2 })
    expect(() => tInterval([1, 2], 1)).toThrow(/tInterval: level must be in \(0, 1\)/)
  })
})

describe('meanBand', () => {
  it('per position: the mean and its t interval', () => {
    const b = meanBand([[1, 3], [2, 2, 2], [0.5, 1.5, 2.5, 3.5]])
    expect(b.mean).toEqual([2, 2, 2])
    expect({ lo: b.lo[0], hi: b.hi[0] }).toEqual(tInterval([1, 3]))
    expect({ lo: b.lo[2], hi: b.hi[2] }).toEqual(tInterval([0.5, 1.5, 2.5, 3.5]))
    expect([b.lo[1], b.hi[1]]).toEqual([2, 2])
    expect(meanBand([[1, 3]], 0.5).hi[0]).toBeLessThan(b.hi[0])
  })

  it('edge cases: an empty sample gives NaN, a non-finite value throws', () => {
    expect(meanBand([[]])).toEqual({ mean: [NaN], lo: [NaN], hi: [NaN] })
    expect(() => meanBand([[1, NaN]])).toThrow(/tInterval: x\[1\] must be a finite number/)
  })
})

describe('bootstrapMeanCi', () => {
  it('matches the exact bootstrap distribution of a 3-point sample', () => {
    // Resample means of {0, 1, 5}: 27 equally likely draws. Sorted atoms with cumulative probability:
    // 0 (1/27 = .037), 1/3 (.148), 2/3 (.259), 1 (.296), 5/3 (.407), 2 (.630), 7/3 (.741),
    // 10/3 (.852), 11/3 (.963), 5 (1). The 2.5% / 97.5% points fall in the atoms 0 and 5, the
    // 10% / 90% points in 1/3 and 11/3, each >= 0.037 away from an atom boundary, i.e. > 10 Monte-Carlo
    // SDs (sqrt(.1 * .9 / 10_000) = 0.003) at 10_000 replicates.
    expect(bootstrapMeanCi([0, 1, 5], { rng: makeRng(1) })).toEqual({ lo: 0, hi: 5 })
    const { lo, hi } = bootstrapMeanCi([5, 0, 1], { rng: makeRng(2), level: 0.8 })
    expect(lo).toBeCloseTo(1 / 3, 12)
    expect(hi).toBeCloseTo(11 / 3, 12)
  })

  it('is deterministic given the seed', () => {
    const a = bootstrapMeanCi(sleep1, { rng: makeRng(42, 'boot') })
    const b = bootstrapMeanCi(sleep1, { rng: makeRng(42, 'boot') })
    expect(a).toEqual(b)
  })

  it('edge cases', () => {
    expect(bootstrapMeanCi([1], { rng: makeRng(0) })).toEqual({ lo: NaN, hi: NaN })
    expect(bootstrapMeanCi([4, 4, 4], { rng: makeRng(0), reps: 50 })).toEqual({ lo: 4, hi: 4 })
    expect(() => bootstrapMeanCi([1, 2], { rng: makeRng(0), reps: 0 })).toThrow(/bootstrapMeanCi: reps/)
  })
})

describe('summarize', () => {
  it('matches hand values on 1..8', () => {
    // mean = median = 4.5; IQM: drop 2 per end -> (3+4+5+6)/4 = 4.5; sum of squares 42 -> s^2 = 6;
    // t interval 4.5 -/+ 2.364624 * sqrt(6/8) = 4.5 -/+ 2.047825.
    const x = [8, 1, 7, 2, 6, 3, 5, 4]
    const s = summarize(x, { rng: makeRng(0, 'summary') })
    expect(s.n).toBe(8)
    expect(s.mean).toBe(4.5)
    expect(s.median).toBe(4.5)
    expect(s.iqm).toBe(4.5)
    expect(s.std).toBeCloseTo(Math.sqrt(6), 14)
    expect(s.ciT.lo).toBeCloseTo(2.452175, 6)
    expect(s.ciT.hi).toBeCloseTo(6.547825, 6)
    // The bootstrap interval is exactly bootstrapMeanCi with the same rng state ...
    expect(s.ciBoot).toEqual(bootstrapMeanCi(x, { rng: makeRng(0, 'summary') }))
    // ... and close to the normal approximation of the bootstrap distribution:
    // 4.5 -/+ 1.96 * sqrt(plug-in variance 42/8 / 8) = 4.5 -/+ 1.588 (atoms are 1/8 apart).
    expect(Math.abs(s.ciBoot.lo - 2.912)).toBeLessThan(0.25)
    expect(Math.abs(s.ciBoot.hi - 6.088)).toBeLessThan(0.25)
  })

  it('reports NaN for what one seed cannot give', () => {
    const s = summarize([3], { rng: makeRng(0) })
    expect([s.n, s.mean, s.median, s.iqm]).toEqual([1, 3, 3, 3])
    expect(s.std).toBeNaN()
    expect(s.ciT).toEqual({ lo: NaN, hi: NaN })
    expect(s.ciBoot).toEqual({ lo: NaN, hi: NaN })
  })
})
