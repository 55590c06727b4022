import { describe, it, expect } from 'vitest'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { evaluateAblation } from '../src/dsl/evaluate.js'
import { arm, hypothesis, expectArm } from '../src/dsl/index.js'
import type { RunRecord } from '../src/engine/trainer.js'
import type { ArmRuns } from '../src/runner/run-arms.js'
import type { HypothesisResult } from '../src/report/types.js'
import { pairedTTest, holm } from '../src/stats/index.js'

const base = { organism: 'toy-linear', seeds: 6, steps: 3, promptsPerStep: 8, numGenerations: 4, miniBatches: 2 } as const

/** A fake run whose final accuracy is `acc` and whose step-0 accuracy is `acc0`. */
const fake = (seed: number, acc: number, acc0 = 0.5): RunRecord => ({
  engineVersion: 't', backend: 'cpu', seed, config: {} as never, stepSeconds: [], wallSeconds: 0,
  history: [1, 2, 3].map((s) => ({ 'loss/clip_frac': 0.01 * s + seed * 1e-3 })),
  evals: [{ step: 0, metrics: { 'eval/accuracy': acc0 } }, { step: 3, metrics: { 'eval/accuracy': acc } }],
})

function judge(values: Record<string, number[]>, body: () => void, initial: Record<string, number[]> = {}): HypothesisResult[] {
  const def = collectAblation('e', base, body)
  const runs: ArmRuns = {
    runs: new Map(Object.entries(values).map(([arm, v]) => [arm, v.map((x, seed) => ({ seed, record: fake(seed, x, initial[arm]?.[seed]) }))])),
    failures: [], trained: 0, cached: 12, total: 12,
  }
  const out = evaluateAblation(def, def.hypotheses, runs)
  return def.hypotheses.map((h) => { const r = out.get(h.id)!; if (r instanceof Error) throw r; return r })
}

const A = [0.60, 0.62, 0.58, 0.61, 0.63, 0.59]
const up = A.map((x, i) => x + 0.05 + 0.003 * i)

describe('hypotheses become verdicts', () => {
  it('a clear paired difference is supported, its mirror refuted; Holm adjusts across the ablation', () => {
    const [h1, h2] = judge({ A, B: up }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A', () => expectArm(b).on('accuracy').toBeGreaterThan(a))
      hypothesis('B < A', () => expectArm(b).on('accuracy').toBeLessThan(a))
    })
    expect(h1.verdict).toBe('supported')
    expect(h2.verdict).toBe('refuted')
    const p = pairedTTest(up, A, 'greater').p
    expect(h1.test).toMatchObject({ name: 'paired t', paired: true, p })
    expect(h1.test.pAdjusted).toBeCloseTo(holm([p, pairedTTest(up, A, 'less').p])[0], 12)
    expect(h1.difference!.estimate).toBeCloseTo(0.05 + 0.0075, 10)
    expect(h1.difference!.level).toBeCloseTo(0.9, 10)
    expect(h1.probabilityOfImprovement).toBe(1)
    expect(h1.arms.map((a) => a.name)).toEqual(['B', 'A'])
    expect(h1.arms[1].values).toEqual(A)
    expect(h1.arms[1].curve!.steps).toEqual([0, 3])
    expect(h1.organism).toBe('toy-linear')
  })

  it('a hypothesis that errors still counts in the Holm family (p = 1), so the others are not corrected more mildly', () => {
    const def = collectAblation('e', base, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A', () => expectArm(b).on('accuracy').toBeGreaterThan(a))
      hypothesis('broken metric', () => expectArm(b).on(() => Number.NaN, { label: 'nan' }).toBeGreaterThan(a))
    })
    const runs: ArmRuns = {
      runs: new Map([['A', A], ['B', up]].map(([arm, v]) => [arm as string, (v as number[]).map((x, seed) => ({ seed, record: fake(seed, x) }))])),
      failures: [], trained: 0, cached: 12, total: 12,
    }
    const out = evaluateAblation(def, def.hypotheses, runs)
    const ok = out.get(def.hypotheses[0].id) as HypothesisResult
    expect(out.get(def.hypotheses[1].id)).toBeInstanceOf(Error)
    const p = pairedTTest(up, A, 'greater').p
    expect(ok.test.pAdjusted).toBeCloseTo(holm([p, 1])[0], 12)
    expect(ok.test.pAdjusted).toBeGreaterThan(p)
  })

  it('noise is inconclusive and says how many seeds 80% power would need', () => {
    const noisy = A.map((x, i) => x + (i % 2 ? 0.02 : -0.015))
    const [h] = judge({ A, B: noisy }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A', () => expectArm(b).on('accuracy').toBeGreaterThan(a))
    })
    expect(h.verdict).toBe('inconclusive')
    expect(h.seedsFor80Power).toBeGreaterThan(6)
  })

  it('a minimum effect larger than the interval allows refutes the claim', () => {
    const [h] = judge({ A, B: up }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A by 0.2', () => expectArm(b).on('accuracy').toBeGreaterThan(a, { difference: 0.2 }))
    })
    expect(h.verdict).toBe('refuted')
  })

  it('equivalence by TOST: identical-ish arms are equivalent within a margin; far arms are not', () => {
    const near = A.map((x, i) => x + (i % 2 ? 0.002 : -0.002))
    const [eq, far] = judge({ A, B: near, C: up.map((x) => x + 0.2) }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 }), c = arm('C', { epsilonHigh: 0.3 })
      hypothesis('B = A', () => expectArm(b).on('accuracy').toBeEquivalentTo(a, { margin: 0.02 }))
      hypothesis('C = A', () => expectArm(c).on('accuracy').toBeEquivalentTo(a, { margin: 0.02 }))
    })
    expect(eq.verdict).toBe('supported')
    expect(far.verdict).toBe('refuted')
  })

  it('toIncrease compares each seed with its own step-0 value; toBeAbove with a bound', () => {
    const [inc, above, steps] = judge({ A: up }, () => {
      const a = arm('A')
      hypothesis('A rises', () => expectArm(a).on('accuracy').toIncrease())
      hypothesis('A above 0.9', () => expectArm(a).on('accuracy').toBeAbove(0.9))
      hypothesis('clip frac mean 1-3 below 0.05', () => expectArm(a).on('clip_frac', { meanOverSteps: [1, 3] }).toBeBelow(0.05))
    }, { A: A })
    expect(inc.verdict).toBe('supported')
    expect(inc.test.name).toBe('paired t vs step 0')
    expect(above.verdict).toBe('refuted')
    expect(steps.arms[0].values[0]).toBeCloseTo(0.02, 10)
    expect(steps.verdict).toBe('supported')
  })

  it('a failed run fails the hypotheses that need its arm, naming arm, seed and step', () => {
    const def = collectAblation('f', base, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A', () => expectArm(b).on('accuracy').toBeGreaterThan(a))
    })
    const out = evaluateAblation(def, def.hypotheses, {
      runs: new Map([['A', A.map((x, seed) => ({ seed, record: fake(seed, x) }))], ['B', []]]),
      failures: [{ arm: 'B', seed: 3, step: 9, message: "arm 'B', seed 3, step 9: loss became NaN at step 9" }], trained: 6, cached: 0, total: 12,
    })
    expect(String(out.get(0))).toMatch(/1 run\(s\) failed:[\s\S]*arm 'B', seed 3, step 9/)
  })
})

describe('toBeUnchanged', () => {
  it('is supported when every seed stays within the margin, exactly or within noise', () => {
    const [exact, noisy, moved] = judge({ A: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], B: A.map((x) => x + 0.001), C: up }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 }), c = arm('C', { epsilonHigh: 0.3 })
      hypothesis('A unchanged', () => expectArm(a).on('accuracy').toBeUnchanged({ margin: 0.01 }))
      hypothesis('B unchanged', () => expectArm(b).on('accuracy').toBeUnchanged({ margin: 0.02 }))
      hypothesis('C unchanged', () => expectArm(c).on('accuracy').toBeUnchanged({ margin: 0.02 }))
    }, { A: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], B: A, C: A })
    expect(exact.verdict).toBe('supported')
    expect(exact.reason).toMatch(/every seed differs by exactly 0/)
    expect(noisy.verdict).toBe('supported')
    expect(moved.verdict).toBe('refuted')
  })
})

describe('a metric that never moves', () => {
  const flat = [2, 2, 2, 2, 2, 2]
  it('says the organism cannot express it, instead of asking for seeds (two arms and vs step 0)', () => {
    const [h1, h2, h3] = judge({ A: flat, B: flat }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A', () => expectArm(b).on('accuracy').toBeGreaterThan(a))
      hypothesis('B rises', () => expectArm(b).on('accuracy').toIncrease())
      hypothesis('B above 1', () => expectArm(b).on('accuracy').toBeAbove(1))
    }, { A: flat, B: flat })
    for (const h of [h1, h2, h3]) {
      expect(h.verdict).toBe('inconclusive')
      expect(h.reason).toBe('metric constant: the organism cannot express this (every run reads 2)')
      expect(h.seedsFor80Power).toBeNull()
    }
  })
  it('is not claimed when the arms differ, or when the value moved from step 0', () => {
    const [h1, h2] = judge({ A: flat, B: flat.map((x, i) => x + 0.01 * (i + 1)) }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B > A', () => expectArm(b).on('accuracy').toBeGreaterThan(a))
      hypothesis('A rises', () => expectArm(a).on('accuracy').toIncrease())
    }, { A: [1, 1, 1, 1, 1, 1] })
    expect(h1.reason).not.toMatch(/metric constant/)
    expect(h2.reason).not.toMatch(/metric constant/)
  })
  it('equivalence keeps its exact answer (a constant metric is equivalent to itself)', () => {
    const [h] = judge({ A: flat, B: flat }, () => {
      const a = arm('A'), b = arm('B', { epsilonHigh: 0.28 })
      hypothesis('B ~ A', () => expectArm(b).on('accuracy').toBeEquivalentTo(a, { margin: 0.1 }))
    })
    expect(h.verdict).toBe('supported')
  })
})
