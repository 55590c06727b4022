// The statistics options through the DSL and evaluateAblation, on hand-made run records (no training):
// run validity and 'invalid control', the aboutCollapse marker, the sign test option, the power hint
// at Holm's levels and its silence when the effect runs against the claim, and option checks.
import { describe, expect, it } from 'vitest'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { describeResult } from '../src/dsl/verdict-assertion.js'
import { evaluateAblation } from '../src/dsl/evaluate.js'
import { arm, expectArm, hypothesis } from '../src/dsl/index.js'
import type { RunRecord } from '../src/engine/trainer.js'
import type { HypothesisResult } from '../src/report/types.js'
import { renderFootnotes, renderAblationTable } from '../src/report/render.js'

const base = { organism: 'toy-linear', seeds: 8, steps: 3, promptsPerStep: 8, numGenerations: 4, miniBatches: 2 } as const
const record = (seed: number, acc: number, mass?: number): RunRecord => ({
  engineVersion: 't', backend: 'cpu', seed, config: { organism: { kind: 'arithmetic' } } as never, stepSeconds: [], wallSeconds: 0, history: [{}],
  evals: [
    { step: 0, metrics: { 'eval/accuracy': 0.5, 'eval/canonical_mass': 1 } },
    { step: 3, metrics: { 'eval/accuracy': acc, ...(mass === undefined ? {} : { 'eval/canonical_mass': mass }) } },
  ],
})

type Arms = Record<string, (seed: number) => { acc: number; mass?: number }>
function judge(opts: object, arms: Arms, body: (a: Record<string, ReturnType<typeof arm>>) => void): HypothesisResult[] {
  const def = collectAblation('stats', { ...base, ...opts }, () => {
    const refs = Object.fromEntries(Object.keys(arms).map((n) => [n, arm(n)]))
    body(refs)
  })
  const runs = new Map(Object.entries(arms).map(([name, f]) => [name, def.options.seeds!.map((seed) => {
    const v = f(seed)
    return { seed, record: record(seed, v.acc, v.mass) }
  })]))
  const out = evaluateAblation(def, def.hypotheses, { runs, failures: [], trained: 0, cached: 0, total: 0 })
  return def.hypotheses.map((h) => out.get(h.id) as HypothesisResult)
}
const wiggle = (seed: number) => 0.01 * Math.sin(seed * 1.7)

describe('run validity and invalid controls', () => {
  const arms: Arms = {
    clipped: (s) => ({ acc: 0.7 + wiggle(s), mass: 1 }),
    broken: (s) => ({ acc: 0.1 + wiggle(s), mass: s < 6 ? 0.1 : 0.99 }),
  }
  it("a comparison against a control with collapsed runs is 'invalid control', and the arm shows the count", () => {
    const [r] = judge({}, arms, (a) => hypothesis('clipped beats broken', () => expectArm(a.clipped).on('accuracy').toBeGreaterThan(a.broken)))
    expect(r.verdict).toBe('invalid control')
    expect(r.reason).toMatch(/control arm 'broken' collapsed in 6\/8 runs \(eval\/canonical_mass min 0\.1\): validity below 0\.95/)
    expect(r.reason).toMatch(/as tested: supported/)
    expect(r.arms[1].validity).toMatchObject({ measure: 'eval/canonical_mass', collapsed: 6, threshold: 0.95, min: 0.1 })
    expect(r.arms[0].validity!.collapsed).toBe(0)
    expect(renderAblationTable([r], { color: false })).toMatch(/collapsed 6\/8/)
    expect(renderFootnotes([r], { color: false })).toMatch(/arm 'broken': 6\/8 runs collapsed/)
  })

  it('aboutCollapse exempts a hypothesis; the threshold is an ablation option', () => {
    const [r] = judge({}, arms, (a) => hypothesis('collapse costs accuracy', () => expectArm(a.clipped).on('accuracy', { aboutCollapse: true }).toBeGreaterThan(a.broken)))
    expect(r.verdict).toBe('supported') // the same comparison as above, declared to be about the collapse
    expect(r.arms[1].validity!.collapsed).toBe(6) // still marked
    const [s] = judge({ validity: { threshold: 0.05 } }, arms, (a) => hypothesis('h', () => expectArm(a.clipped).on('accuracy').toBeGreaterThan(a.broken)))
    expect(s.verdict).toBe('supported')
  })

  it('the option is checked when the file is collected', () => {
    const e = (opts: object) => { try { collectAblation('x', { ...base, ...opts } as never, () => { hypothesis('h', () => expectArm(arm('a')).on('accuracy').toIncrease()) }) } catch (x) { return (x as Error).message } return '' }
    expect(e({ validity: { threshold: 2 } })).toMatch(/validity.threshold must be a number in \[0, 1\]/)
    expect(e({ validity: { cutoff: 0.9 } })).toMatch(/validity must be \{ threshold \}/)
    expect(e({ test: 'wilcoxon' })).toMatch(/test must be 't' or 'sign'/)
  })
})

describe('sign test option', () => {
  // 7 of 8 seeds a little above, one far below: the mean difference is ~0, the signs are not.
  const arms: Arms = {
    a: (s) => ({ acc: s === 3 ? 0.1 : 0.62 + wiggle(s) }),
    b: (s) => ({ acc: 0.55 + wiggle(s) }),
  }
  it('per hypothesis: exact binomial on the per-seed signs, share of seeds with its exact interval', () => {
    const [t, sign] = judge({}, arms, (a) => {
      hypothesis('t', () => expectArm(a.a).on('accuracy').toBeGreaterThan(a.b))
      hypothesis('sign', () => expectArm(a.a).on('accuracy', { test: 'sign' }).toBeGreaterThan(a.b))
    })
    expect(t.verdict).toBe('inconclusive')
    expect(sign.test.name).toBe('sign test')
    expect(sign.test.p).toBeCloseTo(0.03515625, 10)
    expect(sign.signTest).toMatchObject({ n: 8, ties: 0, claimed: 7, opposite: 1, share: 0.875, level: 0.9 })
    expect(sign.signTest!.ci.lo).toBeCloseTo(0.5293205913988617, 9)
    // Holm over the family of two: 2 x 0.035 > 0.05.
    expect(sign.test.pAdjusted).toBeCloseTo(0.0703125, 10)
    expect(sign.verdict).toBe('inconclusive')
    expect(renderAblationTable([sign], { color: false })).toMatch(/7\/8 seeds/)
  })

  it('per ablation; a claim that the value falls reports the share that fell; TOST keeps its own test', () => {
    const [less, eq] = judge({ test: 'sign' }, arms, (a) => {
      hypothesis('b below a', () => expectArm(a.b).on('accuracy').toBeLessThan(a.a))
      hypothesis('equivalent', () => expectArm(a.b).on('accuracy').toBeEquivalentTo(a.a, { margin: 0.5 }))
    })
    expect(less.test.name).toBe('sign test')
    expect(less.signTest).toMatchObject({ claimed: 7, opposite: 1 })
    expect(eq.test.name).toMatch(/TOST/)
  })

  it("rejects test: 'sign' where it does not apply", () => {
    const e = (fn: () => void) => { try { collectAblation('x', base, fn) } catch (x) { return (x as Error).message } return '' }
    expect(e(() => { const a = arm('a'), b = arm('b'); hypothesis('h', () => expectArm(a).on('accuracy', { test: 'sign' }).toBeEquivalentTo(b, { margin: 0.1 })) })).toMatch(/does not apply to toBeEquivalentTo/)
    expect(e(() => { const a = arm('a'), b = arm('b'); hypothesis('h', () => expectArm(a).on('accuracy', { test: 'sign' }).toBeGreaterThan(b, { difference: 0.1 })) })).toMatch(/not a minimum effect/)
  })
})

describe('power hint and failure messages', () => {
  it('the hint is at Holm worst case alpha / m and at alpha; none when the effect runs against the claim', () => {
    const arms: Arms = {
      a: (s) => ({ acc: 0.6 + 0.05 * Math.sin(s * 2.1) }),
      b: (s) => ({ acc: 0.59 + 0.05 * Math.cos(s * 1.3) }),
    }
    const [up, down] = judge({}, arms, (a) => {
      hypothesis('a above b', () => expectArm(a.a).on('accuracy').toBeGreaterThan(a.b))
      hypothesis('a below b', () => expectArm(a.a).on('accuracy').toBeLessThan(a.b))
    })
    expect(up.verdict).toBe('inconclusive')
    expect(up.power).toMatchObject({ test: 't', against: false, familySize: 2, alpha: { worst: 0.025, best: 0.05 } })
    expect(up.power!.seeds.worst!).toBeGreaterThan(up.power!.seeds.best!)
    expect(up.seedsFor80Power).toBe(up.power!.seeds.worst)
    expect(renderFootnotes([up], { color: false })).toMatch(/Holm's worst-case alpha 0\.025 \(= 0\.05\/2\)/)
    expect(down.verdict).toBe('inconclusive')
    expect(down.power!.against).toBe(true)
    expect(down.seedsFor80Power).toBeNull()
    expect(renderFootnotes([down], { color: false })).toMatch(/runs against the claim/)
  })

  it('the failure message quotes the difference with the sign the table shows', () => {
    const arms: Arms = { a: (s) => ({ acc: 0.4 + wiggle(s) }), b: (s) => ({ acc: 0.6 + wiggle(s) * 0.5 }) }
    const [r] = judge({}, arms, (a) => hypothesis('a above b', () => expectArm(a.b).on('accuracy').toBeLessThan(a.a)))
    expect(r.verdict).toBe('refuted')
    const [s] = judge({}, arms, (a) => hypothesis('b below a', () => expectArm(a.a).on('accuracy').toBeLessThan(a.b)))
    expect(s.verdict).toBe('supported')
    // Table: difference = a - b < 0; the reason's bound is the interval's upper end, negative too.
    expect(s.difference!.estimate).toBeLessThan(0)
    expect(describeResult(s)).toMatch(/difference upper bound -0\.\d+ < 0/)
  })
})

describe('option types', () => {
  it('accepts the documented options and rejects others at compile time', () => {
    // Type checks only (tsc --noEmit runs over test/): never called.
    const typed = (a: ReturnType<typeof arm>) => {
      expectArm(a).on('accuracy', { test: 'sign', aboutCollapse: true }).toIncrease()
      // @ts-expect-error aboutCollapse is a marker: true or absent
      expectArm(a).on('accuracy', { aboutCollapse: false })
      // @ts-expect-error only 't' and 'sign'
      expectArm(a).on('accuracy', { test: 'wilcoxon' })
    }
    expect(typeof typed).toBe('function')
  })
})
