import { describe, it, expect } from 'vitest'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { judge } from '../src/dsl/judge.js'
import { arm, claim, hypothesis, expectArm } from '../src/dsl/index.js'
import type { HypothesisResult } from '../src/report/types.js'

const dir = 'test/fixtures/external'
const results = async (def: ReturnType<typeof collectAblation>) => {
  const out = await judge(def)
  return [...def.hypotheses, ...def.claims].map((h) => out.get(h.id) as HypothesisResult)
}

describe('arm.fromRuns: claims over external runs', () => {
  it('a claim over TRL logs passes, and a comparison the numbers contradict is refuted', async () => {
    const def = collectAblation('ext', {}, () => {
      const v = arm.fromRuns('verifier', `${dir}/trl/verifier/*.jsonl`)
      const r = arm.fromRuns('random', `${dir}/trl/random/*.jsonl`, { role: 'random-reward' })
      hypothesis('random beats verifier', () => expectArm(r).on('accuracy').toBeGreaterThan(v))
      claim('verifier teaches', { treatment: v, on: 'accuracy', controls: ['random-reward', 'untrained'] })
    })
    const [h, c] = await results(def)
    expect(h.verdict).toBe('refuted')
    expect(h.test.paired).toBe(true) // same seeds 0-3 in both arms
    expect(c.verdict).toBe('supported')
    expect(c.arms[0].source).toBe('read 4 runs from 4 file(s)')
    expect(c.organism).toBe('external runs')
  })

  it('verl logs and a tracker CSV give the same verdicts', async () => {
    for (const [v, r] of [[`${dir}/verl/verifier/*.jsonl`, `${dir}/verl/random/*.jsonl`], [`${dir}/csv/verifier.csv`, `${dir}/csv/random.csv`]]) {
      const def = collectAblation('ext2', {}, () => {
        const V = arm.fromRuns('verifier', v)
        const R = arm.fromRuns('random', r, { role: 'random-reward' })
        claim('verifier teaches', { treatment: V, on: 'accuracy', controls: ['random-reward'] })
        hypothesis('random rises', () => expectArm(R).on('accuracy').toIncrease())
      })
      const [rises, c] = await results(def)
      expect(c.verdict, v).toBe('supported')
      expect(rises.verdict, r).toBe('supported')
    }
  })

  it('a missing control among the files fails the claim by name, at collection', () => {
    expect(() => collectAblation('ext3', {}, () => {
      const v = arm.fromRuns('verifier', `${dir}/trl/verifier/*.jsonl`)
      claim('verifier teaches', { treatment: v, on: 'accuracy', controls: ['random-reward', 'format-reward'] })
    })).toThrow(/claim 'verifier teaches' lacks required controls 'random-reward', 'format-reward'\n.*test\/external-dsl\.test\.ts:\d+ · ablation 'ext3' · claim 'verifier teaches'/)
  })

  it('bad input fails at collection, naming the arm and the file or field', () => {
    const err = (fn: () => void) => { try { collectAblation('bad', {}, fn) } catch (e) { return (e as Error).message } return '' }
    expect(err(() => { arm.fromRuns('nothing', `${dir}/trl/nope/*.jsonl`) })).toMatch(/arm 'nothing'[\s\S]*nope/)
    expect(err(() => {
      const v = arm.fromRuns('verifier', `${dir}/trl/verifier/*.jsonl`)
      claim('c', { treatment: v, on: 'accuracy', controls: ['no-clip'], derive: true })
    })).toMatch(/cannot derive control 'no-clip' from 'verifier': its runs come from files/)
    expect(err(() => { arm('trained') })).toMatch(/arm 'trained' trains, but the ablation sets no seeds/)
  })

  it('paired: true with arms of different seeds is an error that names both seed lists', async () => {
    const def = collectAblation('ext4', { paired: true }, () => {
      const v = arm.fromRuns('verifier', `${dir}/trl/verifier/seed{0,1,2}.jsonl`)
      const r = arm.fromRuns('random', `${dir}/trl/random/seed{1,2,3}.jsonl`)
      hypothesis('h', () => expectArm(v).on('accuracy').toBeGreaterThan(r))
    })
    const out = await judge(def)
    expect(String(out.get(0))).toMatch(/paired: true, but arm 'verifier' has seeds \[0,1,2\] and arm 'random' has \[1,2,3\]/)
    // 'auto' (the default) falls back to Welch's test.
    const auto = collectAblation('ext5', {}, () => {
      const v = arm.fromRuns('verifier', `${dir}/trl/verifier/seed{0,1,2}.jsonl`)
      const r = arm.fromRuns('random', `${dir}/trl/random/seed{1,2,3}.jsonl`)
      hypothesis('h', () => expectArm(v).on('accuracy').toBeGreaterThan(r))
    })
    const [h] = await results(auto)
    expect(h.test.name).toBe('Welch t')
    expect(h.verdict).toBe('supported')
  })
})
