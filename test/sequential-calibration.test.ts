// Error rates of the whole sequential procedure (stages, repeated p-values, Holm across the
// hypotheses, repeated confidence intervals, decide), by simulation only: test/sequential-sim.ts
// runs the DSL's own stage loop and decision code on normal per-seed draws, paired t per look.
// Figures: `npx tsx bench/sequential.bench.ts` prints them for docs/sequential.md.
import { describe, expect, it } from 'vitest'
import { fixedPlan, simulate, stepPlan } from './sequential-sim.js'

const ALPHA = 0.05
const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n)

describe('sequential plan: A/A false-positive rate (paired t, 8 seeds then +8 up to 48)', () => {
  it("family-wise 'supported' rate over 10,000 ablations of 3 null hypotheses is <= alpha + 3 SE (O'Brien-Fleming)", async () => {
    const n = 10_000
    const r = await simulate({ plan: stepPlan(8, 8, 48), alpha: ALPHA, shifts: [0, 0, 0], ablations: n, seed: 12 })
    expect(r.familyFalsePositive).toBeLessThanOrEqual(ALPHA + 3 * se(ALPHA, n))
    // Not vacuous: Holm over three correlated tests spends most of alpha.
    expect(r.familyFalsePositive).toBeGreaterThan(0.025)
  }, 300_000)

  it("one null hypothesis under Pocock spending (most early stopping) keeps alpha too, over 10,000 ablations", async () => {
    const n = 10_000
    const r = await simulate({ plan: stepPlan(8, 8, 48, 'pocock'), alpha: ALPHA, shifts: [0], ablations: n, seed: 13 })
    expect(r.supported[0]).toBeLessThanOrEqual(ALPHA + 3 * se(ALPHA, n))
    expect(r.supported[0]).toBeGreaterThan(ALPHA - 4 * se(ALPHA, n))
  }, 300_000)
})

describe('sequential plan with the sign test (per-look p-values of another test)', () => {
  it("A/A: 'supported' at most alpha + 3 SE over 3,000 ablations of one null hypothesis", async () => {
    const n = 3000
    const r = await simulate({ plan: stepPlan(8, 8, 48), alpha: ALPHA, shifts: [0], ablations: n, seed: 15, test: 'sign' })
    expect(r.supported[0]).toBeLessThanOrEqual(ALPHA + 3 * se(ALPHA, n))
    // Discrete p-values make it conservative, but it does reject.
    expect(r.supported[0]).toBeGreaterThan(0.01)
  }, 300_000)
})

describe('sequential plan against the fixed design at max seeds (shifts 0.7 and 0.35 SD, one null)', () => {
  it('keeps the power of the fixed 48-seed design on the large shift with about a quarter fewer seeds, and saves runs', async () => {
    const n = 3000
    const setup = { alpha: ALPHA, shifts: [0.7, 0.35, 0], ablations: n, seed: 14 }
    const seq = await simulate({ ...setup, plan: stepPlan(8, 8, 48) })
    const fixed = await simulate({ ...setup, plan: fixedPlan(48) })
    // Same data (same seed), so the comparison is paired: OBF spends almost nothing early.
    expect(seq.supported[0]).toBeGreaterThan(fixed.supported[0] - 0.03)
    expect(seq.supported[1]).toBeGreaterThan(fixed.supported[1] - 0.05)
    expect(seq.seeds[0]).toBeLessThan(0.85 * 48)
    expect(fixed.seeds[0]).toBe(48)
    expect(seq.runs).toBeLessThan(fixed.runs)
    expect(fixed.runs).toBe(fixed.maxRuns)
    // The null hypothesis stays within alpha in both.
    expect(seq.supported[2]).toBeLessThanOrEqual(ALPHA + 3 * se(ALPHA, n))
  }, 300_000)
})
