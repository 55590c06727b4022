import { describe, it, expect } from 'vitest'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { evaluateAblation } from '../src/dsl/evaluate.js'
import { crossingPoint as crossing } from '../src/stats/index.js'
import { arm, hypothesis, sweep, expectSweep } from '../src/dsl/index.js'
import type { RunRecord } from '../src/engine/trainer.js'
import type { HypothesisResult } from '../src/report/types.js'
import { hypothesisRuns } from '../src/report/run-cost.js'

const base = { organism: 'toy-linear', seeds: 8, steps: 3, promptsPerStep: 8, numGenerations: 4, miniBatches: 2 } as const
const fake = (seed: number, acc: number): RunRecord => ({
  engineVersion: 't', backend: 'cpu', seed, config: {} as never, stepSeconds: [], wallSeconds: 0, history: [{}],
  evals: [{ step: 0, metrics: { 'eval/accuracy': 0.5 } }, { step: 3, metrics: { 'eval/accuracy': acc } }],
})
const qs = [0, 0.25, 0.5, 0.75, 1]
const noise = (seed: number, j: number, k: number) => 0.02 * Math.sin(seed * 12.9898 + j * 78.233 + k * 3.7)

function judge(curves: Record<string, (q: number) => number>, body: () => void): HypothesisResult[] {
  const def = collectAblation('sweeps', base, body)
  const runs = new Map(def.arms.map((a, k) => {
    const [name, q] = [a.ref.name.split(' q=')[0], Number(a.ref.name.split('q=')[1])]
    return [a.ref.name, def.options.seeds!.map((seed) => ({ seed, record: fake(seed, curves[name](q) + noise(seed, qs.indexOf(q), k)) }))]
  }))
  const out = evaluateAblation(def, def.hypotheses, { runs, failures: [], trained: 0, cached: 0, total: 0 })
  return def.hypotheses.map((h) => out.get(h.id) as HypothesisResult)
}

describe('sweeps', () => {
  it('crossing() interpolates the first sign change', () => {
    expect(crossing([0, 1, 2], [0.2, -0.2, -0.4])).toBeCloseTo(0.5, 12)
    expect(crossing([0, 0.5, 1], [0.3, 0.1, -0.1])).toBeCloseTo(0.75, 12)
    expect(crossing([0, 1], [0.1, 0.2])).toBeNull()
  })

  it('declares one arm per value and finds a monotone trend and the crossover with its interval', () => {
    // Clip-Higher helps by 0.1 on clean reward and hurts by 0.1 on random: the curves cross at q = 0.5.
    const [mono, cross] = judge({ standard: (q) => 0.8 - 0.3 * q, 'clip-higher': (q) => 0.9 - 0.5 * q }, () => {
      const std = sweep('standard', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
      const hi = sweep('clip-higher', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))
      hypothesis('accuracy falls with reward noise', () => expectSweep(std).on('accuracy').toBeMonotone('decreasing'))
      hypothesis('Clip-Higher stops helping somewhere', () => expectSweep(hi).on('accuracy').toCrossOver(std))
    })
    expect(mono.verdict).toBe('supported')
    expect(mono.difference!.estimate).toBeCloseTo(-0.3, 1) // the slope
    expect(mono.sweep!.conditions[0].mean.map((m) => m.toFixed(1))).toEqual(['0.8', '0.7', '0.7', '0.6', '0.5'])
    expect(cross.verdict).toBe('supported')
    const x = cross.sweep!.crossover!
    expect(x.x!).toBeGreaterThan(0.4)
    expect(x.x!).toBeLessThan(0.6)
    expect(x.lo!).toBeLessThanOrEqual(x.x!)
    expect(x.hi!).toBeGreaterThanOrEqual(x.x!)
    expect(x.share).toBeGreaterThan(0.95)
    expect(cross.reason).toMatch(/both ends significant .*crossing at q = 0\.\d+ \[/)
  })

  it("a sweep hypothesis's runs (its CPU cost) are every arm of its sweeps at its seeds, not only the two arms it lists", () => {
    const body = () => {
      const std = sweep('standard', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
      const hi = sweep('clip-higher', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))
      arm('other', { reward: { kind: 'verifier' } })
      hypothesis('accuracy falls with reward noise', () => expectSweep(std).on('accuracy').toBeMonotone('decreasing'))
      hypothesis('Clip-Higher stops helping somewhere', () => expectSweep(hi).on('accuracy').toCrossOver(std))
    }
    const [mono, cross] = judge({ standard: (q) => 0.8 - 0.3 * q, 'clip-higher': (q) => 0.9 - 0.5 * q, other: () => 0.5 }, body)
    expect(cross.arms).toHaveLength(2)
    // Every declared arm at seeds 0-9 (the plan's 8 and two it did not read).
    const list = collectAblation('sweeps', base, body).arms.flatMap((a) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((seed) => ({ arm: a.ref.name, seed, key: `${a.ref.name}/${seed}` })))
    const read = (h: HypothesisResult) => list.filter(hypothesisRuns(h))
    expect(read(cross)).toHaveLength(2 * qs.length * 8)
    expect(read(mono)).toHaveLength(qs.length * 8)
    expect(read(mono).every((r) => r.arm.startsWith('standard q=') && r.seed < 8)).toBe(true)
  })

  it('two curves that never cross refute the crossover; a flat curve is not monotone', () => {
    const [mono, cross] = judge({ a: () => 0.6, b: (q) => 0.4 - 0.1 * q }, () => {
      const a = sweep('a', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
      const b = sweep('b', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))
      hypothesis('flat', () => expectSweep(a).on('accuracy').toBeMonotone('increasing'))
      hypothesis('cross', () => expectSweep(a).on('accuracy').toCrossOver(b))
    })
    expect(mono.verdict).not.toBe('supported')
    expect(cross.verdict).toBe('refuted')
    expect(cross.sweep!.crossover!.x).toBeNull()
  })

  it('crossover is an intersection-union test of the ends: noise alone does not support it; declared orientation and end regions', () => {
    const curves = { standard: (q: number) => 0.8 - 0.3 * q, 'clip-higher': (q: number) => 0.9 - 0.5 * q, same: (q: number) => 0.8 - 0.3 * q }
    const [none, regions, wrongWay] = judge(curves, () => {
      const std = sweep('standard', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
      const hi = sweep('clip-higher', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))
      const same = sweep('same', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.3 }))
      hypothesis('no difference anywhere', () => expectSweep(same).on('accuracy').toCrossOver(std))
      hypothesis('end regions', () => expectSweep(hi).on('accuracy').toCrossOver(std, { start: 'above', ends: { low: [0, 0.25], high: [0.75, 1] } }))
      hypothesis('declared the wrong way', () => expectSweep(hi).on('accuracy').toCrossOver(std, { start: 'below' }))
    })
    // Equal curves plus noise: the mean difference changes sign somewhere, but neither end is significant.
    expect(none.verdict).not.toBe('supported')
    expect(none.reason).toMatch(/not both ends significant|same side/)
    expect(regions.verdict).toBe('supported')
    expect(regions.sweep!.crossover).toMatchObject({ start: 'above', declared: true, low: { values: [0, 0.25] }, high: { values: [0.75, 1] } })
    expect(regions.difference!.estimate).toBeCloseTo(0.1 - 0.2 * 0.125, 1) // the low region's mean difference
    expect(wrongWay.verdict).toBe('refuted')
    expect(wrongWay.reason).toMatch(/an end is significantly on the wrong side/)
  })

  it('spec mistakes: two parameters, too few values, different grids', () => {
    const e = (fn: () => void) => { try { collectAblation('x', base, fn) } catch (x) { return (x as Error).message } return '' }
    expect(e(() => { sweep('s', { q: [0, 1], gamma: [0, 1] }, () => ({})) })).toMatch(/exactly one parameter/)
    expect(e(() => { sweep('s', { q: [0] }, () => ({})) })).toMatch(/>= 2 finite numbers/)
    expect(e(() => {
      const a = sweep('a', { q: [0, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
      const b = sweep('b', { q: [0, 0.5] }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
      hypothesis('h', () => expectSweep(a).on('accuracy').toCrossOver(b))
    })).toMatch(/same values of the same parameter/)
    const two = () => [sweep('a', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q } })), sweep('b', { q: qs }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))] as const
    expect(e(() => { const [a, b] = two(); hypothesis('h', () => expectSweep(a).on('accuracy').toCrossOver(b, { ends: { low: [0, 0.6], high: [1] } })) })).toMatch(/ends must be \{ low: \[\.\.\.\], high: \[\.\.\.\] \} of swept values/)
    expect(e(() => { const [a, b] = two(); hypothesis('h', () => expectSweep(a).on('accuracy').toCrossOver(b, { ends: { low: [0, 0.75], high: [0.5, 1] } })) })).toMatch(/every low value must lie below every high value/)
    expect(e(() => { const [a, b] = two(); hypothesis('h', () => expectSweep(a).on('accuracy').toCrossOver(b, { start: 'up' as 'above' })) })).toMatch(/start must be 'above' or 'below'/)
  })
})
