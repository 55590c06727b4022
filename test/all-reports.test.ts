// The HTML report shows every ablation with a JSON report in the folder: a single-file run keeps the
// other ablations' sections (read back from their reports) and refreshes its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { groupsWithStoredReports } from '../src/report/all-reports.js'
import { HypothesisReporter } from '../src/report/hypothesis-reporter.js'
import { writeAblationReports } from '../src/report/json-report.js'
import { ablationRuns, groupByAblation, runsText } from '../src/report/render.js'
import { allResults, knownRefutation, supported } from './fixtures/html-report/results.js'

const dir = mkdtempSync(join(tmpdir(), 'rlvr-all-reports-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('HTML report of every ablation with a JSON report', () => {
  it('joins this run with the stored reports, this run winning; skips files that are not reports', async () => {
    const groups = groupByAblation(allResults)
    expect(groups.length).toBeGreaterThanOrEqual(2)
    await writeAblationReports(groups, dir)
    writeFileSync(join(dir, 'notes.json'), '{"not": "a report"}')
    writeFileSync(join(dir, 'broken.json'), '{"ablation": ')
    // A run of one ablation only, with a changed result.
    const changed = { ...supported, hypothesis: 'a hypothesis renamed in this run' }
    const current = groupByAblation([changed])
    const { groups: all, skipped } = groupsWithStoredReports(current, dir)
    expect(skipped.sort()).toEqual(['broken.json', 'notes.json'])
    expect(all.map((g) => g.ablation)).toEqual(groups.map((g) => g.ablation).sort())
    const mine = all.find((g) => g.ablation === supported.ablation)!
    expect(mine.results.map((r) => r.hypothesis)).toEqual(['a hypothesis renamed in this run'])
    const other = all.find((g) => g.ablation === knownRefutation.ablation)!
    expect(other.results.map((r) => r.hypothesis)).toEqual(allResults.filter((r) => r.ablation === knownRefutation.ablation).map((r) => r.hypothesis))
  })

  it('the reporter writes index.html with every stored ablation after a one-ablation run', async () => {
    const out: string[] = []
    const reporter = new HypothesisReporter({ outputDir: dir, write: (t) => out.push(t), timings: false })
    // The reporter's own path: one module whose tests carry one ablation's results.
    const only = allResults.filter((r) => r.ablation === knownRefutation.ablation)
    const tests = only.map((r) => ({ name: r.hypothesis, meta: () => ({ rlvr: r }), diagnostic: () => ({ duration: 1 }) }))
    const modules = [{ moduleId: '/x/one.ablation.ts', children: { allTests: () => tests[Symbol.iterator]() }, diagnostic: () => ({ duration: 1 }) }]
    await reporter.onTestRunEnd(modules as never, [], 'passed')
    expect(out.join('\n')).toContain('HTML report written to')
    const html = await readFile(join(dir, 'index.html'), 'utf8')
    const names = groupByAblation(allResults).map((g) => g.ablation)
    expect(names.length).toBeGreaterThan(1)
    for (const name of names) expect(html).toContain(name)
  })
})

describe('where the runs came from', () => {
  it('the summary counts trained (spot checks among them), cached and published runs; the old line when nothing is published', () => {
    const r = (runs: typeof supported.runs) => ({ ...supported, runs })
    const counts = ablationRuns([r({ trained: 2, cached: 5, total: 30, published: 23, spotChecked: 2 }), r({ trained: 2, cached: 5, total: 30, published: 23, spotChecked: 2 })])
    expect(runsText(counts)).toBe('runs 2 trained (2 spot checks of published runs), 5 cached, 23 published')
    expect(runsText(ablationRuns([r({ trained: 6, cached: 0, total: 6 })]))).toBe('runs 6 trained, 0 cached')
  })
})
