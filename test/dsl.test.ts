import { describe, it, expect } from 'vitest'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { deepMerge } from '../src/dsl/arm-config.js'
import { expectArm } from '../src/dsl/expect-arm.js'
import { arm, hypothesis } from '../src/dsl/index.js'
import { SpecError } from '../src/dsl/errors.js'
import type { ArmRef } from '../src/dsl/spec.js'

const base = { organism: 'toy-linear', seeds: 3, steps: 5, promptsPerStep: 8, numGenerations: 4, miniBatches: 2 } as const

function specError(fn: () => unknown): SpecError {
  try { fn() } catch (e) { if (e instanceof SpecError) return e; throw e }
  throw new Error('expected a SpecError')
}

describe('the DSL validates a spec when it is collected', () => {
  it('builds arms (deep-merged overrides) and hypotheses as plain definitions', () => {
    const def = collectAblation('ok', { ...base, reward: { kind: 'random', gamma: 0.5 } }, () => {
      const A = arm('A')
      const B = arm('B', { epsilonHigh: 0.28, reward: { gamma: 0.3 } })
      const C = arm('C', { reward: { kind: 'verifier' } })
      hypothesis('B < A', () => expectArm(B).on('accuracy').toBeLessThan(A))
      hypothesis('C rises', () => expectArm(C).on('mode_rate:code', { step: 5 }).toIncrease())
    })
    expect(def.options.seeds).toEqual([0, 1, 2])
    expect(def.arms.map((a) => a.ref.name)).toEqual(['A', 'B', 'C'])
    expect(def.arms[1].config!.reward).toEqual({ kind: 'random', gamma: 0.3 })
    expect(def.arms[1].config!.epsilonHigh).toBe(0.28)
    expect(def.arms[2].config!.reward).toEqual({ kind: 'verifier' }) // another kind replaces, not merges
    expect(def.hypotheses.map((h) => h.comparison.kind)).toEqual(['less', 'increase'])
  })

  it('an unknown metric names the file, the ablation, the hypothesis and the known metrics', () => {
    const e = specError(() => collectAblation('m', base, () => {
      const A = arm('A'), B = arm('B')
      hypothesis('typo', () => expectArm(A).on('acuracy').toBeGreaterThan(B))
    }))
    expect(e.code).toBe('RLVR_UNKNOWN_METRIC')
    expect(e.message).toMatch(/unknown metric 'acuracy'/)
    expect(e.message).toMatch(/test\/dsl\.test\.ts:\d+ · ablation 'm' · hypothesis 'typo'/)
    expect(e.message).toMatch(/hint: known metrics: accuracy/)
  })

  it('an arm of another ablation is refused', () => {
    let foreign: ArmRef | undefined
    collectAblation('first', base, () => {
      foreign = arm('X')
      hypothesis('h', () => expectArm(foreign!).on('accuracy').toIncrease())
    })
    const e = specError(() => collectAblation('second', base, () => {
      const A = arm('A')
      hypothesis('cross', () => expectArm(A).on('accuracy').toBeGreaterThan(foreign!))
    }))
    expect(e.code).toBe('RLVR_FOREIGN_ARM')
    expect(e.message).toMatch(/arm 'X' belongs to ablation 'first'/)
  })

  it('a typo in a config key names the arm and the field', () => {
    const e = specError(() => collectAblation('cfg', base, () => {
      const A = arm('A', { epsilon_high: 0.28 } as never)
      hypothesis('h', () => expectArm(A).on('accuracy').toIncrease())
    }))
    expect(e.code).toBe('RLVR_BAD_CONFIG')
    expect(e.message).toMatch(/unknown key 'epsilon_high'/)
    expect(e.message).toMatch(/ablation 'cfg' · arm 'A' · field \(root\)|arm 'A'/)
  })

  it('a bad value in an arm names the field path', () => {
    const e = specError(() => collectAblation('cfg2', base, () => {
      const A = arm('A', { reward: { kind: 'random', gamma: 3 } })
      hypothesis('h', () => expectArm(A).on('accuracy').toIncrease())
    }))
    expect(e.message).toMatch(/arm 'A' · field reward\.gamma/)
  })

  it('a missing organism is an error before anything trains', () => {
    const e = specError(() => collectAblation('org', { ...base, organism: 'qwen-99b-like' }, () => {
      const A = arm('A')
      hypothesis('h', () => expectArm(A).on('accuracy').toIncrease())
    }))
    expect(e.message).toMatch(/unknown organism 'qwen-99b-like'/)
    expect(e.message).toMatch(/base config · field organism/)
  })

  it('a step window beyond the arm, or an eval metric averaged without per-step evaluation', () => {
    expect(specError(() => collectAblation('s', base, () => {
      const A = arm('A')
      hypothesis('h', () => expectArm(A).on('clip_frac', { meanOverSteps: [1, 9] }).toBeBelow(0.1))
    })).message).toMatch(/step 9, but arm 'A' trains 5 steps/)
    expect(specError(() => collectAblation('s2', base, () => {
      const A = arm('A'), B = arm('B')
      hypothesis('h', () => expectArm(A).on('accuracy', { meanOverSteps: [1, 4] }).toBeGreaterThan(B))
    })).message).toMatch(/needs an evaluation every step[\s\S]*hint: set evalEvery: 1/)
  })

  it('other mistakes: not an arm, duplicate arm, ablation options in an arm, no hypothesis, too few seeds', () => {
    expect(specError(() => collectAblation('n', base, () => {
      const A = arm('A')
      hypothesis('h', () => expectArm(A).on('accuracy').toBeGreaterThan('B' as never))
    })).code).toBe('RLVR_NOT_AN_ARM')
    expect(specError(() => collectAblation('d', base, () => { arm('A'); arm('A') })).code).toBe('RLVR_DUPLICATE_ARM')
    expect(specError(() => collectAblation('o', base, () => { arm('A', { seeds: 4 } as never) })).message).toMatch(/'seeds' is an ablation option/)
    expect(specError(() => collectAblation('e', base, () => { arm('A') })).message).toMatch(/declares no hypothesis/)
    expect(specError(() => collectAblation('f', { ...base, seeds: 1 }, () => {})).message).toMatch(/seeds must be a count >= 2/)
    expect(specError(() => arm('outside')).code).toBe('RLVR_OUTSIDE_ABLATION')
  })

  it('option checks in the comparison builders', () => {
    const A = { kind: 'arm', name: 'A', ablation: 'x', ablationId: -1 } as const
    expect(() => expectArm(A).on('accuracy').toBeEquivalentTo(A, { margin: 0 })).toThrow(/margin/)
    expect(() => expectArm(A).on('accuracy', { step: 1, meanOverSteps: [1, 2] })).toThrow(/either step or meanOverSteps/)
    expect(() => expectArm(A).on('accuracy').toBeGreaterThan(A, { difference: -1 })).toThrow(/minimum effect/)
    expect(expectArm(A).on((r) => r.history.length, { label: 'steps' }).toBeAbove(1)).toMatchObject({ kind: 'above', metric: { name: 'custom:steps' } })
  })
})

describe('deepMerge', () => {
  it('merges objects, replaces arrays and values, and replaces an object whose kind changes', () => {
    expect(deepMerge({ a: 1, r: { kind: 'random', gamma: 0.5 }, l: [1, 2] }, { r: { gamma: 0.1 }, l: [3] }))
      .toEqual({ a: 1, r: { kind: 'random', gamma: 0.1 }, l: [3] })
    expect(deepMerge({ r: { kind: 'random', gamma: 0.5 } }, { r: { kind: 'format' } })).toEqual({ r: { kind: 'format' } })
  })
})

describe('metric names', () => {
  it('mode_rate:<mode> and mode_accuracy:<mode> read the exact per-mode evaluation; unknown names are undefined', async () => {
    const { metricDef, readMetric } = await import('../src/metrics/registry.js')
    const run = { seed: 0, history: [], evals: [
      { step: 0, metrics: { 'eval/mode_rate/code': 0.65, 'eval/mode_accuracy/code': 0.609 } },
      { step: 50, metrics: { 'eval/mode_rate/code': 0.9, 'eval/mode_accuracy/code': 0.7 } },
    ] } as unknown as Parameters<typeof readMetric>[0]
    expect(readMetric(run, 'mode_accuracy:code', metricDef('mode_accuracy:code')!, { final: true })).toBe(0.7)
    expect(readMetric(run, 'mode_rate:code', metricDef('mode_rate:code')!, { final: true })).toBe(0.9)
    expect(() => readMetric(run, 'mode_accuracy:nl', metricDef('mode_accuracy:nl')!, { final: true })).toThrow(/mode_accuracy:nl/)
    expect(metricDef('mode_accuracies:code')).toBeUndefined()
  })
})
