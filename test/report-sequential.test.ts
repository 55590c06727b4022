// The report's sequential parts: the per-hypothesis table (terminal and HTML), the plan line and
// the runs the plan saved in the summary; nothing changes for results without a plan.
import { describe, expect, it } from 'vitest'
import { renderAblation, renderSummary } from '../src/report/render.js'
import { renderSequentialTable, sequentialSummary } from '../src/report/render-sequential.js'
import { powerNote } from '../src/report/power-note.js'
import { sequentialSection } from '../src/report/html-sections.js'
import { buildAblationReport } from '../src/report/json-report.js'
import type { HypothesisResult } from '../src/report/types.js'
import { allResults } from './fixtures/html-report/results.js'

const plain = structuredClone(allResults.slice(0, 2)) as HypothesisResult[]
const staged = structuredClone(plain).map((r, i) => ({
  ...r,
  sequential: {
    stage: i + 1, seeds: 8 * (i + 1), looks: [8, 16, 24], spending: 'obrien-fleming' as const, nominal: 0.0016, boundary: 2.95,
    pRepeated: 0.004 * (i + 1), pSequential: 0.008 * (i + 1), rci: { lo: 0.05, hi: 0.25 }, runs: { used: 40, max: 72 },
  },
}))

describe('sequential report', () => {
  it('prints the plan, each hypothesis at its look with its seeds, p-values and repeated interval', () => {
    const text = renderSequentialTable(staged, { color: false })!
    expect(text.split('\n')[0]).toBe("Sequential plan: looks at 8, 16, 24 seeds (O'Brien-Fleming spending) · 40 of 72 runs (32 saved)")
    expect(text).toMatch(/look 1\/3 \(early\) │ 8 +│ 0\.004 +│ 0\.008 +│ \[0\.05, 0\.25\]/)
    expect(text).toMatch(/look 2\/3 \(early\) │ 16 +│ 0\.008 +│ 0\.016/)
    expect(renderSummary(staged, { color: false, timings: false })).toContain('· plan 40 of 72 runs (32 saved) ·')
    // Stopped with a hypothesis open: nothing is saved yet, the plan may still train them.
    const open = staged.map((r, i) => (i === 1 ? { ...r, sequential: { ...r.sequential, open: true } } : r))
    expect(sequentialSummary(open)).toBe("plan: looks at 8, 16, 24 seeds (O'Brien-Fleming spending) · 40 of 72 runs so far (open)")
    expect(renderSummary(open, { color: false, timings: false })).toContain('· plan 40 of 72 runs so far (open) ·')
  })

  it("an open row's footnote says where the plan stands, not a fixed design's seed count", () => {
    const row = { ...staged[1], verdict: 'inconclusive' as const, seedsFor80Power: 52 }
    // Undecided at the plan's last look: a seed count can only size a new, fixed-design experiment.
    expect(powerNote(row)).toMatch(/^the plan's last look \(16 seeds per arm\) left it undecided; for a new experiment on fresh seeds, ~52 seeds per arm would give 80% power/)
    expect(powerNote({ ...row, sequential: undefined })).toMatch(/^~52 seeds per arm would give 80% power/)
    expect(powerNote({ ...row, sequential: { ...row.sequential, open: true } }))
      .toBe("open after look 2 of 3 (16 seeds per arm); the plan's next look has 24 (RLVR_MAX_LOOKS stopped this invocation)")
    expect(powerNote({ ...row, sequential: { ...row.sequential, open: true, openBy: 'published' as const } }))
      .toBe("open after look 2 of 3 (16 seeds per arm); the plan's next look has 24 (the last published look: RLVR_MAX_LOOKS=all trains on)")
  })

  it('the HTML section and the JSON report carry the same figures', () => {
    const html = sequentialSection({ ablation: staged[0].ablation, results: staged })!
    expect(html).toContain('<th>seq. p (Holm)</th>')
    expect(html).toContain('<td class="num">look 2/3 (early)</td><td class="num">16</td>')
    const json = JSON.parse(JSON.stringify(buildAblationReport({ ablation: staged[0].ablation, results: staged }, '2026-01-01T00:00:00Z')))
    expect(json.hypotheses[1].sequential).toMatchObject({ stage: 2, seeds: 16, pSequential: 0.016, rci: { lo: 0.05, hi: 0.25 }, runs: { used: 40, max: 72 } })
  })

  it('adds nothing without a plan', () => {
    expect(renderSequentialTable(plain, { color: false })).toBeNull()
    expect(sequentialSummary(plain)).toBeNull()
    expect(sequentialSection({ ablation: plain[0].ablation, results: plain })).toBeNull()
    expect(renderAblation({ ablation: plain[0].ablation, results: plain }, { color: false, timings: false })).not.toMatch(/Sequential|plan /)
  })
})
