import { describe, it, expect } from 'vitest'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { evaluateAblation } from '../src/dsl/evaluate.js'
import { arm, claim, hypothesis, expectArm } from '../src/dsl/index.js'
import { SpecError } from '../src/dsl/errors.js'
import type { RunRecord } from '../src/engine/trainer.js'
import type { HypothesisResult } from '../src/report/types.js'

const base = { organism: 'toy-linear', seeds: 6, steps: 4, promptsPerStep: 8, numGenerations: 4, miniBatches: 2, reward: { kind: 'verifier' } } as const

const fake = (seed: number, acc: number, acc0 = 0.5): RunRecord => ({
  engineVersion: 't', backend: 'cpu', seed, config: {} as never, stepSeconds: [], wallSeconds: 0, history: [{}],
  evals: [{ step: 0, metrics: { 'eval/accuracy': acc0 } }, { step: 4, metrics: { 'eval/accuracy': acc } }],
})
// Per-seed jitter that differs between arms (paired differences must vary).
let salt = 0
const around = (m: number) => { salt++; return [0, 1, 2, 3, 4, 5].map((i) => m + 0.01 * ((i * (salt + 2)) % 5) - 0.02) }

function run(body: () => void, values: Record<string, number[]>): HypothesisResult {
  const def = collectAblation('claims', base, body)
  const runs = new Map(Object.entries(values).map(([a, v]) => [a, v.map((x, seed) => ({ seed, record: fake(seed, x) }))]))
  const out = evaluateAblation(def, def.hypotheses, { runs, failures: [], trained: 0, cached: 0, total: 0 }, def.claims)
  const r = out.get(def.claims[0].id)!
  if (r instanceof Error) throw r
  return r
}

describe('claims gated on controls', () => {
  it('derives controls from the treatment by swapping the reward or the clipping', () => {
    const def = collectAblation('derive', base, () => {
      const T = arm('verifier', { epsilonHigh: 0.28 })
      claim('verifier teaches beyond prior amplification', {
        treatment: T, on: 'accuracy', derive: true,
        controls: ['random-reward', 'format-reward', 'untrained', 'no-clip', 'on-policy', 'on-policy-fresh'],
      })
    })
    const byRole = Object.fromEntries(def.arms.filter((a) => a.role).map((a) => [a.role, a.config!]))
    expect(byRole['random-reward'].reward).toEqual({ kind: 'random', gamma: 0.5 })
    expect(byRole['random-reward'].epsilonHigh).toBe(0.28) // everything else is the treatment's
    expect(byRole['format-reward'].reward).toEqual({ kind: 'format' })
    expect(byRole['no-clip'].clip).toBe(false)
    expect(byRole['on-policy']).toMatchObject({ miniBatches: 1, numIterations: 1, steps: 4 })
    // Same number of updates (4 steps x 2 mini-batches), each on fresh rollouts of half the prompts.
    expect(byRole['on-policy-fresh']).toMatchObject({ miniBatches: 1, steps: 8, promptsPerStep: 4 })
    expect(def.claims[0].controls.find((c) => c.kind === 'untrained')!.arm).toBeNull()
  })

  it('a declared arm plays its role instead of a derived one', () => {
    const def = collectAblation('declared', base, () => {
      const T = arm('verifier')
      arm('coin flip', { reward: { kind: 'random', gamma: 0.3 } }, { role: 'random-reward' })
      claim('c', { treatment: T, on: 'accuracy', controls: ['random-reward'], derive: true })
    })
    expect(def.claims[0].controls[0]).toMatchObject({ kind: 'random-reward', derived: false })
    expect(def.claims[0].controls[0].arm!.name).toBe('coin flip')
  })

  it('passes only if the treatment beats every control; one control it does not beat makes it not supported', () => {
    const body = () => {
      const T = arm('verifier')
      arm('random', { reward: { kind: 'random' } }, { role: 'random-reward' })
      arm('format', { reward: { kind: 'format' } }, { role: 'format-reward' })
      claim('c', { treatment: T, on: 'accuracy', controls: ['random-reward', 'format-reward', 'untrained'] })
    }
    const ok = run(body, { verifier: around(0.8), random: around(0.6), format: around(0.55) })
    expect(ok.kind).toBe('claim')
    expect(ok.verdict).toBe('supported')
    expect(ok.controls!.map((c) => [c.control, c.present, c.verdict])).toEqual([
      ['random-reward', true, 'supported'], ['format-reward', true, 'supported'], ['untrained', true, 'supported']])
    const weak = run(body, { verifier: around(0.8), random: around(0.85), format: around(0.55) })
    expect(weak.verdict).toBe('refuted')
    expect(weak.reason).toMatch(/not: random-reward \(refuted\)/)
    expect(weak.arms.map((a) => a.name)).toEqual(['verifier', 'random']) // the binding control
  })

  it('a margin must be beaten over every control', () => {
    const r = run(() => {
      const T = arm('verifier')
      arm('random', { reward: { kind: 'random' } }, { role: 'random-reward' })
      claim('c', { treatment: T, on: 'accuracy', controls: ['random-reward'], margin: 0.5 })
    }, { verifier: around(0.8), random: around(0.6) })
    expect(r.verdict).toBe('refuted')
  })

  it('a missing control fails at collection, at the claim\'s line', () => {
    let line = 0
    const e = (() => {
      try {
        collectAblation('missing', base, () => {
          const T = arm('verifier')
          line = Number(new Error().stack!.split('\n')[1].match(/:(\d+):\d+\)?$/)![1]) + 1
          claim('c', { treatment: T, on: 'accuracy', controls: ['random-reward', 'untrained'] })
        })
      } catch (x) { return x as SpecError }
      throw new Error('no error')
    })()
    expect(e.code).toBe('RLVR_MISSING_CONTROL')
    expect(e.message).toContain(`claim 'c' lacks required control 'random-reward'\n  → at test/claims.test.ts:${line} · ablation 'missing' · claim 'c'`)
    expect(e.message).toMatch(/hint: declare arm\('name', overrides, \{ role: 'random-reward' \}\)/)
  })

  it('claims count in the Holm family of their ablation', () => {
    const def = collectAblation('holm', base, () => {
      const T = arm('verifier')
      const R = arm('random', { reward: { kind: 'random' } }, { role: 'random-reward' })
      hypothesis('T > R', () => expectArm(T).on('accuracy').toBeGreaterThan(R))
      claim('c', { treatment: T, on: 'accuracy', controls: ['random-reward'] })
    })
    const runs = new Map([['verifier', around(0.8)], ['random', around(0.6)]].map(([a, v]) => [a as string, (v as number[]).map((x, seed) => ({ seed, record: fake(seed, x) }))]))
    const out = evaluateAblation(def, def.hypotheses, { runs, failures: [], trained: 0, cached: 0, total: 0 }, def.claims)
    const h = out.get(0) as HypothesisResult
    expect(h.test.pAdjusted).toBeCloseTo(Math.min(1, 2 * h.test.p), 12) // two tests, same p
  })

  it('spec mistakes in a claim fail at collection', () => {
    const e = (fn: () => void) => { try { fn() } catch (x) { return x as SpecError } throw new Error('no error') }
    expect(e(() => collectAblation('x', base, () => { const T = arm('T'); claim('c', { treatment: T, on: 'accuracy', controls: ['random'] as never }) })).message)
      .toMatch(/unknown control 'random'[\s\S]*known controls: random-reward/)
    expect(e(() => collectAblation('y', base, () => { const T = arm('T'); claim('c', { treatment: T, on: 'acc', controls: [] }) })).message)
      .toMatch(/unknown metric 'acc'[\s\S]*claim 'c'/)
    expect(e(() => collectAblation('z', base, () => { arm('T', {}, { role: 'untrained' }) })).message).toMatch(/role 'untrained'/)
  })
})

describe('the project-wide required controls', () => {
  it('adds controls to every claim (RLVR_REQUIRED_CONTROLS) and rejects unknown kinds', () => {
    process.env.RLVR_REQUIRED_CONTROLS = 'format-reward, random-reward'
    try {
      expect(() => collectAblation('policy', base, () => {
        const T = arm('verifier')
        claim('c', { treatment: T, on: 'accuracy', controls: ['untrained'] })
      })).toThrow(/claim 'c' lacks required controls 'format-reward', 'random-reward'/)
      const def = collectAblation('policy', base, () => {
        const T = arm('verifier')
        claim('c', { treatment: T, on: 'accuracy', controls: ['untrained'], derive: true })
      })
      expect(def.claims[0].controls.map((c) => [c.kind, c.derived])).toEqual([
        ['format-reward', true], ['random-reward', true], ['untrained', false]])
      process.env.RLVR_REQUIRED_CONTROLS = 'random'
      expect(() => collectAblation('bad', base, () => { const T = arm('T'); claim('c', { treatment: T, on: 'accuracy', controls: [] }) }))
        .toThrow(/RLVR_REQUIRED_CONTROLS='random' names 'random', not a control kind/)
    } finally { delete process.env.RLVR_REQUIRED_CONTROLS }
  })
})
