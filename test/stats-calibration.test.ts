// Calibration of the verdict pipeline (one-sided Welch test -> decide) on synthetic seeds.
//
// Reference values are exact, not normal approximations. For two arms of n = 8 draws from
// N(mu_a, 1) and N(mu_b, 1), write u_a = s_a^2, u_b = s_b^2 (each chi^2_7 / 7, independent of the
// means). With equal n, Welch's t = (xbar_a - xbar_b) / sqrt((u_a + u_b) / n) = (Z + delta sqrt(n/2)) /
// sqrt(S / 2), S = u_a + u_b, and 7 S ~ chi^2_14: a noncentral t with 14 df and ncp = delta sqrt(n/2),
// exactly. Welch's df depends only on R = u_a / (u_a + u_b) ~ Beta(7/2, 7/2), which is independent of S
// and Z: nu(R) = 7 / (R^2 + (1 - R)^2) in [7, 14]. Hence the exact rejection rate at level alpha is
//   P = E_R[ P(T'_{14, delta sqrt(4)} > t_{1-alpha, nu(R)}) ],
// a 1-D integral over the Beta density of noncentral-t tails (noncentralTCdf, itself checked against
// R in stats-power.test.ts). For delta = 1.5 this gives 0.88287, below the Student-t power
// (tTestPower: 0.88599, df fixed at 14) and well below the normal approximation
// Phi(1.5 * 2 - 1.645) = 0.912, which would be off by 4 Monte-Carlo SEs at 2000 trials (so not used).
// For delta = 0 it gives the exact size of Welch's test here: 0.048654 (< 0.05, slightly conservative).
// A 200_000-trial run of this same simulation gave 0.88292 and 0.04895, matching both.
import { describe, expect, it } from 'vitest'
import { decide, noncentralTCdf, pairedTTest, tTestPower, welchTTest } from '../src/stats/index.js'
import { normalCdf, tQuantile } from '../src/stats/_dist.js'
import { makeRng, type Rng } from '../src/util/rng.js'

const N = 8
const TRIALS = 2000
const ALPHA = 0.05

/** Exact rejection rate of the one-sided Welch test, equal n, equal variances (derivation above). */
const memo = new Map<string, number>()
function exactWelchRejectionRate(delta: number, n: number, alpha: number): number {
  const key = `${delta}/${n}/${alpha}`
  if (!memo.has(key)) memo.set(key, welchRateIntegral(delta, n, alpha, 100))
  return memo.get(key)!
}
function welchRateIntegral(delta: number, n: number, alpha: number, panels: number): number {
  const k = (n - 1) / 2
  const df = 2 * (n - 1)
  const ncp = delta * Math.sqrt(n / 2)
  let num = 0
  let den = 0
  for (let i = 0; i <= panels; i++) {
    const r = i / panels
    const w = (i === 0 || i === panels ? 1 : i % 2 ? 4 : 2) * r ** (k - 1) * (1 - r) ** (k - 1) // Beta(k, k), unnormalised
    if (w === 0) continue
    const nu = (n - 1) / (r * r + (1 - r) * (1 - r))
    den += w
    num += w * noncentralTCdf(tQuantile(1 - alpha, nu), df, ncp, 'upper')
  }
  return num / den
}

const draw = (rng: Rng, n: number, mu: number) => Array.from({ length: n }, () => mu + rng.normal())

/** Share of 'supported' verdicts for the claim "a > b" over `trials` simulated comparisons. */
function supportedShare(seed: number, shift: number, paired = false) {
  const rng = makeRng(seed, 'calibration')
  let supported = 0
  let significant = 0
  for (let t = 0; t < TRIALS; t++) {
    const a = draw(rng, N, shift)
    const b = draw(rng, N, 0)
    const test = paired ? pairedTTest : welchTTest
    const greater = test(a, b, 'greater', { level: 1 - 2 * ALPHA })
    const less = test(a, b, 'less')
    const v = decide({ direction: 'greater', p: greater.p, pOpposite: less.p, diff: greater.diff, ci: greater.ci, alpha: ALPHA })
    if (v.verdict === 'supported') supported++
    if (greater.p < ALPHA) significant++
  }
  return { supported: supported / TRIALS, significant: significant / TRIALS }
}

const se = (p: number) => Math.sqrt((p * (1 - p)) / TRIALS)

describe('calibration of one-sided Welch -> decide (n = 8 per arm, 2000 seeded trials)', () => {
  it('the exact reference rates are what the header says', () => {
    expect(exactWelchRejectionRate(0, N, ALPHA)).toBeCloseTo(0.048654, 5)
    expect(exactWelchRejectionRate(1.5, N, ALPHA)).toBeCloseTo(0.88287, 5)
    expect(tTestPower(1.5, N)).toBeCloseTo(0.88599, 5)
    expect(normalCdf(1.5 * Math.sqrt(N / 2) - 1.6448536)).toBeCloseTo(0.9123, 4)
  })

  it("A/A: 'supported' at most alpha + 3 SE, and within 3 SE of the exact Welch size", () => {
    const { supported, significant } = supportedShare(11, 0)
    // With the (1 - 2 alpha) interval from the same test, "bound > 0" <=> "p < alpha": identical counts.
    expect(supported).toBe(significant)
    expect(supported).toBeLessThanOrEqual(ALPHA + 3 * se(ALPHA)) // 0.05 + 0.0146
    const exact = exactWelchRejectionRate(0, N, ALPHA)
    expect(Math.abs(supported - exact)).toBeLessThanOrEqual(3 * se(exact))
  })

  it("A/A with paired seeds: the paired t test is exact, 'supported' within 3 SE of alpha", () => {
    const { supported } = supportedShare(12, 0, true)
    expect(Math.abs(supported - ALPHA)).toBeLessThanOrEqual(3 * se(ALPHA))
  })

  it("shift d = 1.5: 'supported' share matches the exact Welch power within 3 SE", () => {
    const exact = exactWelchRejectionRate(1.5, N, ALPHA) // 0.88287, SE at 2000 trials 0.0072
    const { supported } = supportedShare(13, 1.5)
    expect(Math.abs(supported - exact)).toBeLessThanOrEqual(3 * se(exact))
  })
})
