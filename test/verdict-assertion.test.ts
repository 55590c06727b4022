// What a verdict does to its vitest test, known refutations under a sequential plan included.
import { describe, expect, it } from 'vitest'
import { assertVerdict } from '../src/dsl/verdict-assertion.js'
import type { AblationDef } from '../src/dsl/spec.js'
import type { HypothesisResult, SequentialResult } from '../src/report/types.js'

const arm = { name: 'one-shot', n: 16, mean: 0.487, median: 0.487, iqm: 0.487, std: 0.01, ciT: { lo: 0.48, hi: 0.49 }, ciBoot: { lo: 0.48, hi: 0.49 }, values: [], seeds: [] }
const result = (verdict: HypothesisResult['verdict'], over: Partial<HypothesisResult> = {}): HypothesisResult => ({
  kind: 'hypothesis', ablation: 'a', hypothesis: 'one-shot raises accuracy', metric: 'accuracy (final)', comparison: 'increase', arms: [arm],
  difference: { estimate: -0.026, ci: { lo: -0.037, hi: -0.015 }, level: 0.9 }, hedgesG: null, probabilityOfImprovement: 0,
  test: { name: 'paired t', paired: true, p: 1, pAdjusted: 1 }, verdict, reason: '', seedsFor80Power: null, expectedVerdict: null,
  organism: 'o', backend: 'wasm', engineVersion: '0.2.0', runs: { trained: 0, cached: 0, total: 0 }, ...over,
})
const seq = (open: boolean): SequentialResult => ({ stage: 1, seeds: 8, looks: [8, 16], spending: 'obrien-fleming', nominal: 0.001, boundary: 3, pRepeated: 0.5, pSequential: 0.5, rci: null, ...(open ? { open, openBy: 'RLVR_MAX_LOOKS' as const } : {}) })
const def = (inconclusive: 'skip' | 'fail') => ({ name: 'a', file: 'a.ablation.ts', options: { inconclusive } }) as unknown as AblationDef
const skip = (note?: string): never => { throw new Error(`SKIP ${note}`) }
const run = (r: HypothesisResult, mode: 'skip' | 'fail' = 'skip') => { try { assertVerdict(r, def(mode), skip); return 'pass' } catch (e) { return (e as Error).message.split('\n')[0] } }

describe('assertVerdict', () => {
  it('supported passes; inconclusive skips or fails by the ablation option; refuted fails', () => {
    expect(run(result('supported'))).toBe('pass')
    expect(run(result('inconclusive'))).toMatch(/^SKIP inconclusive: expected 'one-shot'/)
    expect(run(result('inconclusive'), 'fail')).toMatch(/^inconclusive: /)
    expect(run(result('refuted'))).toMatch(/^refuted: expected 'one-shot' accuracy \(final\) 0\.487 to increase/)
  })

  it('a known refutation passes while refuted and fails once decided otherwise; while its plan is still open it is an open row', () => {
    const known = { expectedVerdict: 'refuted' as const }
    expect(run(result('refuted', known))).toBe('pass')
    expect(run(result('supported', known))).toBe("known refutation no longer holds: expected verdict 'refuted', got 'supported'")
    expect(run(result('inconclusive', { ...known, sequential: seq(false) }))).toBe("known refutation no longer holds: expected verdict 'refuted', got 'inconclusive'")
    expect(run(result('inconclusive', { ...known, sequential: seq(true) }))).toMatch(/^SKIP open \(a known refutation once decided\): expected 'one-shot'/)
    expect(run(result('inconclusive', { ...known, sequential: seq(true) }), 'fail')).toBe("known refutation no longer holds: expected verdict 'refuted', got 'inconclusive'")
  })
})
