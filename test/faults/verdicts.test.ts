// Fault injection, verdicts: a hypothesis or claim whose evaluation throws keeps its row (verdict
// 'error' with the message) in the terminal table, the summary counts, the JSON and the HTML
// report, and its test fails. A mechanism regression names the one command that rewrites that
// file's baseline, and an errored row is never written to the baseline.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readAblationReport } from '../../src/report/report-schema.js'
import { renderHtmlReport } from '../../src/report/html-report.js'
import { countVerdicts, renderReport } from '../../src/report/render.js'
import { fixtureDirs, runFixture } from './fixture.js'
import { supported } from '../fixtures/report/results.js'
import type { HypothesisResult } from '../../src/report/types.js'

const dirs = fixtureDirs()
afterAll(() => rmSync(dirs.tmp, { recursive: true, force: true }))

const NAN = 'a metric that is not a number'
const CLAIM = 'a claim on a custom metric against the untrained organism'
const OK = 'accuracy is above -1'

describe('an evaluation error is a row, end to end (vitest CLI on test/fixtures/faults)', () => {
  it('table, counts, JSON, HTML and a failing test; a regression names its file\'s -u command; errors never reach the baseline', async () => {
    // A baseline that disagrees with the run for OK (a regression) and holds an entry for NAN.
    mkdirSync(dirs.baselines, { recursive: true })
    const entry = (verdict: string) => ({ verdict, difference: null, hedgesG: null })
    const seeded = `${JSON.stringify({ ablation: 'faults fixture', file: 'verdicts.hyp.ts', backend: 'wasm', engineVersion: 'x', hypotheses: { [OK]: entry('refuted'), [NAN]: entry('supported') } }, null, 2)}\n`
    const baseline = join(dirs.baselines, 'faults-fixture.json')
    writeFileSync(baseline, seeded)

    const { code, out } = await runFixture('verdicts', dirs)
    expect(code, out).toBe(1)
    // Every test of the three fails: two errors, one regression.
    expect(out).toMatch(/Tests\s+3 failed \(3\)/)
    // The table has the three rows, errors included, and says why.
    const table = out.slice(out.indexOf('Ablation: faults fixture'))
    expect(table).toMatch(/│ a metric that is not a number │[^\n]*│ error +│/)
    expect(table).toMatch(/│ \[claim\] a claim on a custom +│[^\n]*│ error +│/)
    expect(table).toContain(`✖ error · ${NAN}: hypothesis '${NAN}': metric custom:nan is NaN for seed 0; a custom metric must return a finite number`)
    expect(table).toContain(`✖ error · ${CLAIM}: `)
    expect(table).toContain('faults fixture: 3 hypotheses — 1 supported, 0 refuted, 0 inconclusive, 2 errors')
    expect(table).toContain('Total: 1 ablation, 3 hypotheses — 1 supported, 0 refuted, 0 inconclusive, 2 errors')
    // The JSON report holds all three, read back through its schema.
    const report = readAblationReport(join(dirs.reports, 'faults-fixture.json'))
    expect(report.hypotheses.map((h) => [h.hypothesis, h.verdict])).toEqual([[OK, 'supported'], [NAN, 'error'], [CLAIM, 'error']])
    expect(report.hypotheses[1].reason).toMatch(/custom:nan is NaN for seed 0/)
    expect(report.hypotheses[2]).toMatchObject({ kind: 'claim', arms: [], difference: null })
    // The HTML report too: the rows, their reasons, the error count.
    const html = readFileSync(join(dirs.reports, 'index.html'), 'utf8')
    expect(html).toContain('class="verdict v-error">error</td>')
    expect(html).toContain('custom:nan is NaN for seed 0')
    expect(html).toContain('<span class="badge v-error">2 errors</span>')
    // The regression says exactly which command rewrites this file's baseline (not the whole suite).
    expect(out).toContain(`${OK}: mechanism regression: verdict was 'refuted', now 'supported'`)
    expect(out).toContain('`npx vitest run verdicts.hyp.ts -u`')
    expect(out).not.toContain('npx vitest run ablations -u')
    // Nothing was written from the errors or the regression: the baseline is as it was.
    expect(readFileSync(baseline, 'utf8')).toBe(seeded)
    // The finished runs are cached all the same.
    expect(existsSync(dirs.cache)).toBe(true)
  }, 330_000)
})

describe('error rows in the pure renderers', () => {
  const error: HypothesisResult = {
    ...supported, hypothesis: 'broken', arms: [], difference: null, hedgesG: null, probabilityOfImprovement: null,
    test: { name: 'none', paired: false, p: Number.NaN, pAdjusted: Number.NaN }, verdict: 'error', reason: 'metric x is NaN for seed 2', seedsFor80Power: null,
  }
  it('count as errors, not as another verdict, and print their message', () => {
    expect(countVerdicts([supported, error])).toMatchObject({ total: 2, supported: 1, refuted: 0, inconclusive: 0, error: 1 })
    const text = renderReport([{ ablation: supported.ablation, results: [supported, error] }], { color: false, timings: false })
    expect(text).toContain('2 hypotheses — 1 supported, 0 refuted, 0 inconclusive, 1 error')
    expect(text).toContain('✖ error · broken: metric x is NaN for seed 2')
    // Without errors the summary reads as before (no "0 errors").
    expect(renderReport([{ ablation: supported.ablation, results: [supported] }], { color: false, timings: false })).not.toMatch(/error/)
    const html = renderHtmlReport([{ ablation: supported.ablation, results: [supported, error] }], { timings: false })
    expect(html).toContain('metric x is NaN for seed 2')
    expect(html).toContain('1 supported, 0 refuted, 0 inconclusive, 1 error')
  })
})
