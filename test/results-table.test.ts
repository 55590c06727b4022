import { describe, it, expect } from 'vitest'
import { renderResultsMarkdown, spliceResults, RESULTS_START, RESULTS_END } from '../src/report/results-table.js'
import type { AblationReport } from '../src/report/json-report.js'
import type { HypothesisResult } from '../src/report/types.js'

const h = (over: Partial<HypothesisResult>): HypothesisResult => ({
  kind: 'hypothesis', ablation: 'a', hypothesis: 'B < A', metric: 'accuracy (final)', comparison: 'less',
  arms: [{ name: 'B', n: 8 } as never, { name: 'A', n: 8 } as never],
  difference: { estimate: -0.0852, ci: { lo: -0.108, hi: -0.0619 }, level: 0.9 }, hedgesG: { estimate: -2.46, ci: { lo: -3.76, hi: -1.16 } },
  probabilityOfImprovement: 0.97, test: { name: 'paired t', paired: true, p: 0.001, pAdjusted: 0.002 }, verdict: 'supported', reason: '',
  seedsFor80Power: null, expectedVerdict: null, organism: 'toy-linear', backend: 'wasm', engineVersion: '0.1.0', runs: { trained: 0, cached: 0, total: 0 }, ...over,
})
const report = (hyps: HypothesisResult[]): AblationReport => ({ ablation: 'clip-higher 2x2', generatedAt: '', organism: 'toy-linear', backend: 'wasm', engineVersion: '0.1.0', runs: { trained: 0, cached: 0, total: 0 }, wallTimeMs: null, hypotheses: hyps })

describe('README results table', () => {
  it('one row per hypothesis from the JSON reports, known refutations and crossovers marked', () => {
    const md = renderResultsMarkdown([report([
      h({}),
      h({ hypothesis: 'I(X;Z) falls', verdict: 'refuted', expectedVerdict: 'refuted', hedgesG: null, difference: { estimate: 0.07, ci: { lo: 0.036, hi: 0.105 }, level: 0.9 } }),
      h({ hypothesis: 'crosses', sweep: { param: 'q', xs: [0, 1], conditions: [], crossover: { x: 0.54, lo: 0.474, hi: 0.581, share: 1 } } }),
    ])])
    expect(md.split('\n')).toEqual([
      "| ablation | hypothesis | verdict | difference [interval] | Hedges' g | seeds | organism |",
      '|---|---|---|---|---|---|---|',
      '| clip-higher 2x2 | B < A (accuracy (final)) | supported | -0.0852 [-0.108, -0.0619] | -2.46 | 8 | toy-linear |',
      '| clip-higher 2x2 | I(X;Z) falls (accuracy (final)) | refuted (known refutation) | +0.07 [0.036, 0.105] | - | 8 | toy-linear |',
      '| clip-higher 2x2 | crosses (accuracy (final)) | supported | crossover at q = 0.54 [0.474, 0.581] | -2.46 | 8 | toy-linear |',
    ])
  })
  it('replaces only the marked block', () => {
    const readme = `# x\n${RESULTS_START}\nold\n${RESULTS_END}\ntail\n`
    expect(spliceResults(readme, 'new')).toBe(`# x\n${RESULTS_START}\nnew\n${RESULTS_END}\ntail\n`)
    expect(() => spliceResults('# x', 't')).toThrow(/results block/)
  })
})
