// Type tests of the public DSL (vitest typecheck mode: this file is type-checked, never run; the
// unit project enables it, so `npm test` fails when a line marked @ts-expect-error stops being an
// error or a valid ablation stops type-checking). Every mistake below also fails at runtime, when
// the spec is collected; the types catch it in the editor, before that.
//
// Not expressible: an arm of ANOTHER ablation. arm(), hypothesis() and expectArm() are global
// functions and the ablation body is a plain () => void, so no type links an ArmRef to the
// ablation that declared it: every ArmRef has the same type. (It would take a body that receives
// its own, per-ablation typed arm/expectArm, e.g. ablation(name, base, ({ arm }) => ...) with the
// name as a literal type parameter: a different API.) collectAblation catches it instead
// (RLVR_FOREIGN_ARM, test/dsl.test.ts).
import { describe, expectTypeOf, it } from 'vitest'
import { ablation, arm, claim, expectArm, expectSweep, hypothesis, sweep, type AblationBase, type ArmRef, type ComparisonDef, type SweepRef } from 'rlvr-ablate'

const base = { organism: 'toy-linear', seeds: 8 } as const satisfies AblationBase

describe('valid ablations type-check', () => {
  it('the example ablation (ablations/linear/example.ablation.ts)', () => {
    ablation('example: clipping amplifies the prior under random reward (linear)', {
      organism: 'toy-linear', seeds: 8, steps: 300, reward: { kind: 'random', gamma: 0.5 },
    }, () => {
      const clipped = arm('random, standard clip')
      const unclipped = arm('random, no clip', { clip: false })
      hypothesis('the code mode rises under standard clipping', () => expectArm(clipped).on('mode_rate:code').toIncrease())
      hypothesis('clipping raises the code rate more than no clipping', () => expectArm(clipped).on('mode_rate:code').toBeGreaterThan(unclipped))
    })
  })

  it('arms, sweeps, claims, seed plans, custom metrics and the test modes', () => {
    expectTypeOf(arm).returns.toEqualTypeOf<ArmRef>()
    expectTypeOf(expectArm(arm('a')).on('accuracy').toIncrease()).toEqualTypeOf<ComparisonDef>()
    ablation.skip('plan', { ...base, seeds: { initial: 8, step: 8, max: 48, from: 200 }, test: 'sign', validity: { threshold: 0.9 } }, () => {
      const a = arm('a', { reward: { kind: 'verifier' } }, { role: 'random-reward' })
      const s = sweep('s', { q: [0, 0.5, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))
      const t = sweep('t', { q: [0, 0.5, 1] }, (q) => (q > 0.5 ? { reward: { kind: 'noisy-verifier', q } } : { clip: false }))
      expectTypeOf(s).toEqualTypeOf<SweepRef>()
      hypothesis('custom', () => expectArm(a).on((run) => run.history.length, { label: 'steps' }).toBeAbove(1))
      hypothesis.fails('known', () => expectArm(a).on('accuracy', { meanOverSteps: [10, 20], test: 't' }).toBeGreaterThan(arm('b'), { standardized: 0.5 }))
      hypothesis.only('cross', () => expectSweep(s).on('accuracy').toCrossOver(t, { start: 'above', ends: { low: [0], high: [1] } }))
      claim.skip('gated', { treatment: a, on: 'accuracy', controls: ['random-reward', 'untrained'], margin: 0.01, derive: ['format-reward'] })
    })
    ablation.only('listed seeds', { ...base, seeds: { list: [3, 5, 7, 9], looks: [2, 4], spending: 'pocock' } }, () => {
      hypothesis('h', () => expectArm(arm.fromRuns('r', 'runs/*.jsonl', { role: 'format-reward' })).on('accuracy').toBeUnchanged({ margin: 0.05 }))
    })
  })
})

describe('mistakes are type errors', () => {
  it('a misspelt config key: in the base, in an arm, nested, or in a sweep', () => {
    // @ts-expect-error 'stpes' is not a config key
    ablation('a', { ...base, stpes: 10 }, () => {})
    // @ts-expect-error 'gama' is not a key of the random reward
    ablation('b', { ...base, reward: { kind: 'random', gama: 0.5 } }, () => {})
    ablation('c', base, () => {
      // @ts-expect-error 'lerningRate' is not a config key
      arm('a', { lerningRate: 1 })
      // @ts-expect-error 'gama' is not a key of the random reward
      arm('b', { reward: { kind: 'random', gama: 0.5 } })
      // @ts-expect-error a misspelt key beside valid ones, returned by a sweep's build
      sweep('s', { q: [0, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHihg: 0.28 }))
      // @ts-expect-error nested: 'qq' is not a key of any reward
      sweep('t', { q: [0, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', qq: q } }))
      // @ts-expect-error an ablation option is not an arm setting
      arm('c', { seeds: 4 })
    })
    // @ts-expect-error 'treshold' is not a validity option
    ablation('d', { ...base, validity: { treshold: 0.9 } }, () => {})
  })

  it('a metric that is neither a string nor a function (run) => number', () => {
    const a = arm('a')
    // @ts-expect-error a number is not a metric
    expectArm(a).on(42)
    // @ts-expect-error an object is not a metric
    expectArm(a).on({ name: 'accuracy' })
    // @ts-expect-error a custom metric returns a number
    expectArm(a).on((run) => String(run.history.length))
    // @ts-expect-error a claim's metric too
    claim('c', { treatment: a, on: 0, controls: ['untrained'] })
  })

  it('a bad seeds plan', () => {
    // @ts-expect-error seeds is a count, a list or a plan, not text
    ablation('a', { ...base, seeds: 'eight' }, () => {})
    // @ts-expect-error a list of seeds holds numbers
    ablation('b', { ...base, seeds: [0, '1'] }, () => {})
    // @ts-expect-error a step plan needs step
    ablation('c', { ...base, seeds: { initial: 8, max: 16 } }, () => {})
    // @ts-expect-error 'stepp' is not a plan key
    ablation('d', { ...base, seeds: { initial: 8, stepp: 8, max: 16 } }, () => {})
    // @ts-expect-error the two forms of a plan do not mix
    ablation('e', { ...base, seeds: { initial: 8, step: 8, max: 16, list: [1, 2] } }, () => {})
    // @ts-expect-error spending is 'obrien-fleming' or 'pocock'
    ablation('f', { ...base, seeds: { list: [1, 2], looks: [2], spending: 'linear' } }, () => {})
  })

  it('options outside their values, and a value that is not an arm where an arm is needed', () => {
    // @ts-expect-error inconclusive is 'fail' or 'skip'
    ablation('a', { ...base, inconclusive: 'pass' }, () => {})
    // @ts-expect-error test is 't' or 'sign'
    ablation('b', { ...base, test: 'wilcoxon' }, () => {})
    const a = arm('a')
    const s = sweep('s', { q: [0, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
    // @ts-expect-error a sweep is not an arm
    expectArm(s)
    // @ts-expect-error an arm is not a sweep
    expectSweep(a)
    // @ts-expect-error toBeMonotone takes 'increasing' or 'decreasing'
    expectSweep(s).on('accuracy').toBeMonotone('up')
    // @ts-expect-error a minimum effect is { difference } or { standardized }
    expectArm(a).on('accuracy').toBeGreaterThan(arm('b'), { diference: 0.1 })
    // @ts-expect-error 'random' is not a control kind
    arm('c', {}, { role: 'random' })
    // @ts-expect-error 'random' is not a control kind
    claim('c', { treatment: a, on: 'accuracy', controls: ['random'] })
    // @ts-expect-error a hypothesis body returns its comparison
    hypothesis('h', () => { expectArm(a).on('accuracy').toIncrease() })
  })
})
