// A sequential seeds plan in the DSL, on the cheap linear organism with tiny budgets: validation
// errors name the field; stages stop a decided hypothesis early (its arm trains no more seeds),
// keep training the arm of the undecided one, and a second judging is served wholly from the cache
// with identical results.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectAblation } from '../src/dsl/collect-ablation.js'
import { judge } from '../src/dsl/judge.js'
import { expectArm } from '../src/dsl/expect-arm.js'
import { arm, claim, hypothesis } from '../src/dsl/index.js'
import { SpecError } from '../src/dsl/errors.js'
import type { HypothesisResult } from '../src/report/types.js'
import { sequentialRows } from '../src/report/render-sequential.js'
import { lookCap } from '../src/dsl/stages.js'
import { ENGINE_VERSION } from '../src/engine/trainer.js'
import { publishRuns } from '../src/runner/publish.js'
import { resetPublishedIndex } from '../src/runner/published.js'
import { useBackend } from './setup-tf.js'

useBackend()
const dir = mkdtempSync(join(tmpdir(), 'rlvr-seq-cache-'))
process.env.RLVR_CACHE_DIR = dir
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base = { organism: 'toy-linear', steps: 2, promptsPerStep: 8, numGenerations: 4, miniBatches: 2 } as const

function specError(fn: () => unknown): SpecError {
  try { fn() } catch (e) { if (e instanceof SpecError) return e; throw e }
  throw new Error('expected a SpecError')
}

describe('seeds plan: validation', () => {
  const body = () => { const A = arm('A'); hypothesis('h', () => expectArm(A).on('accuracy').toIncrease()) }
  it('resolves { initial, step, max, from } and { list, looks }', () => {
    const a = collectAblation('p', { ...base, seeds: { initial: 4, step: 3, max: 12, from: 200 } }, body)
    expect(a.options.plan).toEqual({ seeds: Array.from({ length: 12 }, (_, i) => 200 + i), looks: [4, 7, 10, 12], spending: 'obrien-fleming' })
    expect(a.options.seeds).toEqual(a.options.plan!.seeds)
    const b = collectAblation('q', { ...base, seeds: { list: [5, 9, 11, 13], looks: [2, 4], spending: 'pocock' } }, body)
    expect(b.options.plan).toEqual({ seeds: [5, 9, 11, 13], looks: [2, 4], spending: 'pocock' })
    // A count keeps today's definition: no plan.
    expect(collectAblation('r', { ...base, seeds: 3 }, body).options).not.toHaveProperty('plan')
  })

  it('names the field of a bad plan', () => {
    const bad = (seeds: unknown) => specError(() => collectAblation('bad', { ...base, seeds } as never, body))
    expect(bad({ initial: 1, step: 8, max: 48 }).message).toMatch(/seeds\.initial: .*>=2[\s\S]*field seeds\.initial/)
    expect(bad({ initial: 8, step: 8, max: 4 }).message).toMatch(/seeds\.max: max must be >= initial/)
    expect(bad({ initial: 8, step: 8, max: 48, form: 200 }).message).toMatch(/field seeds[\s\S]*hint: write seeds: \{ initial: 8/)
    expect(bad({ list: [1, 2, 3], looks: [2, 4] }).message).toMatch(/seeds\.looks: the last look must use every seed of list/)
    expect(bad({ initial: 8, step: 8, max: 48, spending: 'linear' }).message).toMatch(/field seeds\.spending/)
    expect(bad({ initial: 1, step: 8, max: 48 }).code).toBe('RLVR_BAD_OPTION')
  })
})

describe('seeds plan: stages on the linear organism', () => {
  // H1 reads a metric that is decisive from the first look (seed + 100 > 0, no training effect
  // needed); H2 one whose mean is 0, so it stays open to the last look. Each uses its own arm.
  const plan = { initial: 3, step: 2, max: 7 } // looks at 3, 5, 7 seeds
  const define = () => collectAblation('staged', { ...base, seeds: plan }, () => {
    const A = arm('A')
    const B = arm('B', { epsilonHigh: 0.28 })
    hypothesis('decided early', () => expectArm(A).on((r) => r.seed + 100, { label: 'seed+100' }).toBeAbove(0))
    hypothesis('stays open', () => expectArm(B).on((r) => (r.seed % 2 ? 1 : -1), { label: 'alternating' }).toBeAbove(0))
  })
  const get = (m: Map<number, HypothesisResult | Error>, id: number) => { const r = m.get(id); if (!(r instanceof Object) || r instanceof Error) throw r; return r }

  it('stops the decided hypothesis at stage 1, trains its arm no further, keeps the other to max; resumes from the cache', async () => {
    const first = await judge(define())
    const early = get(first, 0), open = get(first, 1)
    expect(early.verdict).toBe('supported')
    expect(early.sequential).toMatchObject({ stage: 1, seeds: 3, looks: [3, 5, 7], spending: 'obrien-fleming' })
    expect(early.arms[0].seeds).toEqual([0, 1, 2])
    expect(open.verdict).toBe('inconclusive')
    expect(open.sequential).toMatchObject({ stage: 3, seeds: 7 })
    expect(open.arms[0].seeds).toEqual([0, 1, 2, 3, 4, 5, 6])
    // Arm A trained 3 runs, arm B 7, against 2 x 7 for the fixed design at max.
    expect(open.sequential!.runs).toEqual({ used: 10, max: 14 })
    expect(open.runs).toMatchObject({ trained: 10, cached: 0, total: 10 })
    // Every run behind the ablation, once (what publish-runs publishes): A on 3 seeds, B on 7.
    expect(open.runs.list!.map((r) => `${r.arm}:${r.seed}`).sort()).toEqual([...[0, 1, 2].map((i) => `A:${i}`), ...[0, 1, 2, 3, 4, 5, 6].map((i) => `B:${i}`)].sort())
    // The sequential adjusted p-value is the row's adjusted p, the repeated interval its difference interval.
    expect(early.test.pAdjusted).toBe(early.sequential!.pSequential)
    expect(open.difference!.ci).toEqual(open.sequential!.rci)
    expect(open.sequential!.pSequential).toBeGreaterThanOrEqual(open.sequential!.pRepeated)

    const again = await judge(define())
    expect(get(again, 1).runs).toMatchObject({ trained: 0, cached: 10, total: 10 })
    for (const id of [0, 1]) {
      const { runs: _a, ...x } = get(first, id)
      const { runs: _b, ...y } = get(again, id)
      expect(y).toEqual(x)
    }
  }, 120_000)

  it('RLVR_MAX_LOOKS stops at look n: open hypotheses are marked open, decided ones are final; a later invocation goes on to the same verdicts', async () => {
    const uncapped = await judge(define()) // from the cache of the test above (or trained now)
    process.env.RLVR_MAX_LOOKS = '2'
    let capped: Map<number, HypothesisResult | Error>
    try { capped = await judge(define()) } finally { delete process.env.RLVR_MAX_LOOKS }
    // Decided at look 1 before the cap: the same row as without it.
    // (Except the ablation-wide run count: the capped invocation used 3 + 5 runs, not 3 + 7.)
    const strip = (r: HypothesisResult) => { const { runs: _r, sequential, ...rest } = r; const { runs: _s, ...seq } = sequential!; return { ...rest, seq } }
    const early = get(capped, 0)
    expect(strip(early)).toEqual(strip(get(uncapped, 0)))
    expect(early.sequential!.open).toBeUndefined()
    expect(early.sequential!.runs).toEqual({ used: 8, max: 14 })
    // Still open at the cap: inconclusive at look 2 on 5 seeds, marked open, and not a baseline.
    const open = get(capped, 1)
    expect(open.verdict).toBe('inconclusive')
    expect(open.sequential).toMatchObject({ stage: 2, seeds: 5, open: true })
    expect(open.arms[0].seeds).toEqual([0, 1, 2, 3, 4])
    const { isBaselineVerdict } = await import('../src/report/baselines.js')
    expect(isBaselineVerdict(open)).toBe(false)
    expect(isBaselineVerdict(get(uncapped, 1))).toBe(true)
    const { sequentialRows } = await import('../src/report/render-sequential.js')
    expect(sequentialRows([open])[0][1]).toBe('look 2/3 (open: RLVR_MAX_LOOKS)')
    // Uncapped again: the last look as before.
    expect(strip(get(await judge(define()), 1))).toEqual(strip(get(uncapped, 1)))
  }, 120_000)

  it('by default a plan with published runs stops at their last look (a fresh clone trains no new look); RLVR_MAX_LOOKS=all goes on', async () => {
    const uncapped = await judge(define()) // from the cache (every look)
    process.env.RLVR_MAX_LOOKS = '2'
    let capped: Map<number, HypothesisResult | Error>
    try { capped = await judge(define()) } finally { delete process.env.RLVR_MAX_LOOKS }
    // Publish what the capped invocation used (looks 1-2), as npm run publish-runs does from its report.
    const root = mkdtempSync(join(tmpdir(), 'rlvr-seq-published-'))
    const reports = join(root, 'reports'), store = join(root, 'store')
    mkdirSync(reports)
    writeFileSync(join(reports, 'staged.json'), JSON.stringify({ ablation: 'staged', engineVersion: ENGINE_VERSION, backend: get(capped, 1).backend, runs: get(capped, 1).runs, hypotheses: [] }))
    publishRuns({ reportDir: reports, store })
    const env = { RLVR_PUBLISHED_DIR: process.env.RLVR_PUBLISHED_DIR, RLVR_SPOT_CHECK: process.env.RLVR_SPOT_CHECK, RLVR_CACHE_DIR: process.env.RLVR_CACHE_DIR }
    process.env.RLVR_PUBLISHED_DIR = store
    process.env.RLVR_SPOT_CHECK = '0'
    process.env.RLVR_CACHE_DIR = join(root, 'empty-cache') // a fresh clone: nothing cached locally
    resetPublishedIndex()
    const notices: string[] = []
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { notices.push(String(c)); return true })
    try {
      const plan = define().options.plan!
      expect(lookCap('staged', plan)).toEqual({ looks: 2, by: 'published' })
      expect(lookCap('another ablation', plan)).toEqual({ looks: Infinity })
      expect(lookCap('staged', plan, { RLVR_MAX_LOOKS: 'all' })).toEqual({ looks: Infinity, by: 'RLVR_MAX_LOOKS' })
      const byDefault = await judge(define())
      const open = get(byDefault, 1)
      expect(open.sequential).toMatchObject({ stage: 2, seeds: 5, open: true, openBy: 'published' })
      expect(open.verdict).toBe('inconclusive')
      expect(sequentialRows([open])[0][1]).toBe('look 2/3 (open: last published look)')
      expect(notices.join('')).toContain("[rlvr] staged: its published runs reach look 2 of 3, so the plan stops there with 1 hypothesis open; RLVR_MAX_LOOKS=all")
      // The decided hypothesis is the same as without a cap; `all` goes on to the uncapped verdicts.
      expect(get(byDefault, 0).verdict).toBe(get(uncapped, 0).verdict)
      // Every run read from the store, each counted once over the looks (3 of A, 5 of B).
      expect(open.runs).toMatchObject({ trained: 0, cached: 0, published: 8, total: 8 })
      process.env.RLVR_MAX_LOOKS = 'all'
      const all = await judge(define())
      expect(get(all, 1).sequential).toMatchObject({ stage: 3, seeds: 7 })
      expect(get(all, 1).sequential!.open).toBeUndefined()
      expect(get(all, 1).verdict).toBe(get(uncapped, 1).verdict)
      expect(get(all, 1).runs).toMatchObject({ trained: 2, cached: 0, published: 8, total: 10 })
    } finally {
      spy.mockRestore()
      delete process.env.RLVR_MAX_LOOKS
      for (const [k, v] of Object.entries(env)) { if (v === undefined) delete process.env[k]; else process.env[k] = v }
      resetPublishedIndex()
      rmSync(root, { recursive: true, force: true })
    }
  }, 120_000)

  it("a claim's controls join the family; the claim carries the look of its last control", async () => {
    const def = collectAblation('staged claim', { ...base, seeds: { initial: 2, step: 1, max: 3 }, reward: { kind: 'verifier' } }, () => {
      const A = arm('A')
      claim('A rises over its start', { treatment: A, on: 'accuracy', controls: ['untrained'] })
    })
    const c = get(await judge(def), def.claims[0].id)
    expect(c.kind).toBe('claim')
    expect(c.controls).toMatchObject([{ control: 'untrained', present: true }])
    expect(c.sequential).toMatchObject({ looks: [2, 3], spending: 'obrien-fleming' })
    expect([1, 2]).toContain(c.sequential!.stage)
    expect(c.test.pAdjusted).toBe(c.sequential!.pSequential)
  }, 120_000)

  it('a plan cannot take arms whose runs come from files', () => {
    const e = specError(() => collectAblation('ext', { ...base, seeds: plan }, () => {
      const A = arm('A')
      const F = arm.fromRuns('F', 'test/fixtures/external/trl/verifier/*.jsonl')
      hypothesis('h', () => expectArm(A).on('accuracy').toBeGreaterThan(F))
    }))
    expect(e.message).toMatch(/arm 'F' reads its runs from files, but the ablation declares a sequential seeds plan[\s\S]*field seeds/)
  })
})
