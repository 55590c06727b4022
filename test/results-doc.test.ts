// docs/results.md holds no figure that its sources do not: this test parses the committed page and
// recomputes every number from the report or baseline each section names (3 significant digits,
// as printed). Sections whose report is not on this machine (a fresh clone before its first run)
// are checked against their committed baseline's verdicts only, and say so.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BaselineFile } from '../src/report/baselines.js'
import type { AblationReport } from '../src/report/json-report.js'
import { isBaseline, readJsonFiles } from '../src/report/results-sources.js'
import type { HypothesisResult, RunRef } from '../src/report/types.js'
import { PLANS_STATUS_MARKERS, planStatusRow } from '../src/report/plans-status.js'
import { readPublishedRun } from '../src/runner/published.js'

const root = process.cwd()
const DOC = join(root, 'docs', 'results.md')
const FIX = 'docs/results.md is stale or was edited by hand: regenerate it with `npm run results` (after `npm test`)'

interface Table { header: string[]; rows: string[][] }
interface Section { ablation: string; kind: 'report' | 'baseline' | 'none'; path: string; meta: string; tables: Table[]; text: string }

/** Cells of a markdown table row; `\|` is a literal pipe inside a cell. */
const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'))

function parseDoc(text: string): Section[] {
  const sections: Section[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const head = /^### (.+)$/.exec(line)
    if (head) { sections.push({ ablation: head[1], kind: 'report', path: '', meta: '', tables: [], text: '' }); continue }
    const s = sections.at(-1)
    if (!s) continue
    s.text += `${line}\n`
    const src = /source: (report|baseline) `([^`]+)`/.exec(line)
    if (src) { s.kind = src[1] as 'report' | 'baseline'; s.path = src[2]; s.meta = line; continue }
    if (line.includes('source: none (not run yet')) { s.kind = 'none'; s.meta = line; continue }
    if (line.startsWith('| ') && lines[i + 1]?.startsWith('| ---')) {
      const t: Table = { header: cells(line), rows: [] }
      for (i += 2; lines[i]?.startsWith('|'); i++) t.rows.push(cells(lines[i]))
      s.tables.push(t)
    }
  }
  return sections
}

/** Every number printed in a cell ('-' has none). */
const numbers = (c: string) => [...c.replace(/^[a-z_ ]+ = /i, '').matchAll(/[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]))
/** A figure as printed: 3 significant digits; null or undefined prints as '-'. */
const shown = (x: number | null | undefined) => (x === null || x === undefined ? null : Number(x.toPrecision(3)))
const expectFigures = (cell: string, want: (number | null | undefined)[], what: string) => {
  expect(numbers(cell), `${what}: '${cell}'. ${FIX}`).toEqual(want.map(shown).filter((x) => x !== null))
}

const text = existsSync(DOC) ? readFileSync(DOC, 'utf8') : ''
const sections = parseDoc(text)
const baselines = new Map(readJsonFiles(join(root, 'reports', 'baselines'), isBaseline).map((b) => [b.value.ablation, b.value]))

/** Baseline entries the page names as left out (no longer in the spec). */
const staleOf = (s: Section) => [...(/^Left out, no longer in the spec.*?: (.*)\.$/m.exec(s.text)?.[1] ?? '').matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\\|/g, '|'))

/** Hypotheses a sequential plan left open (RLVR_MAX_LOOKS): reported, but never in a baseline. */
const openOf = (s: Section) => new Set(s.tables.filter((t) => t.header[1] === 'decided at').flatMap((t) => t.rows.filter((r) => r[1].includes('(open')).map((r) => r[0])))

function checkVerdicts(s: Section, base: BaselineFile) {
  const open = openOf(s)
  const rows = s.tables[0].rows.filter((r) => !open.has(r[0]))
  expect([...rows.map((r) => r[0].replace(/^claim: /, '')), ...staleOf(s)].sort(), `${s.ablation}: rows (and entries left out) vs baseline hypotheses. ${FIX}`).toEqual(Object.keys(base.hypotheses).sort())
  for (const r of rows) expect(r[2].replace(/ \(.*\)$/, ''), `${s.ablation} / ${r[0]}: verdict`).toBe(base.hypotheses[r[0].replace(/^claim: /, '')].verdict)
}

function checkReport(s: Section, report: AblationReport) {
  expect(s.meta, `${s.ablation}: organism, backend and engine of ${s.path}. ${FIX}`)
    .toContain(`· organism ${report.organism} · backend ${report.backend} · engine ${report.engineVersion}`)
  const [hyp, arms, ...rest] = s.tables
  const byName = new Map(report.hypotheses.map((h) => [`${h.kind === 'claim' ? 'claim: ' : ''}${h.hypothesis}`, h]))
  expect(hyp.rows.map((r) => r[0]).sort(), `${s.ablation}: one row per hypothesis of ${s.path}. ${FIX}`).toEqual([...byName.keys()].sort())
  for (const [name, metric, verdict, diff, g, poi, p, seeds] of hyp.rows) {
    const h = byName.get(name)!
    const what = `${s.ablation} / ${name}`
    expect(metric, `${what}: metric`).toBe(h.metric)
    expect(verdict.replace(/ \(.*\)$/, ''), `${what}: verdict`).toBe(h.verdict)
    expect(verdict.includes('known refutation'), `${what}: known refutation`).toBe(!!h.expectedVerdict)
    const power = /\((\d+) seeds for 80% power\)/.exec(verdict)
    expect(power ? Number(power[1]) : null, `${what}: seeds for 80% power. ${FIX}`).toBe(h.verdict === 'inconclusive' && !h.expectedVerdict && !h.sequential?.open && h.seedsFor80Power ? h.seedsFor80Power : null)
    expect(verdict.endsWith('(open)'), `${what}: open. ${FIX}`).toBe(h.verdict === 'inconclusive' && !h.expectedVerdict && !!h.sequential?.open)
    const c = h.sweep?.crossover
    expectFigures(diff, c ? [c.x, c.lo, c.hi, c.share * 100] : [h.difference?.estimate, h.difference?.ci.lo, h.difference?.ci.hi], `${what}: difference`)
    expectFigures(g, [h.hedgesG?.estimate], `${what}: g`)
    expectFigures(poi, [h.probabilityOfImprovement], `${what}: P(improvement)`)
    expectFigures(p, [h.test.pAdjusted], `${what}: adjusted p`)
    expectFigures(seeds, [Math.min(...h.arms.map((a) => a.n))], `${what}: seeds`)
  }
  const armsOn = (metric: string) => report.hypotheses.filter((h) => h.metric === metric).flatMap((h) => h.arms)
  expect(arms.header[0]).toBe('arm')
  for (const [name, metric, n, mean, ci, median, std] of arms.rows) {
    const a = armsOn(metric).find((x) => x.name === name)
    expect(a, `${s.ablation}: arm '${name}' on ${metric} is not in ${s.path}. ${FIX}`).toBeDefined()
    expectFigures(`${n} ${mean} ${ci} ${median} ${std}`, [a!.n, a!.mean, a!.ciT.lo, a!.ciT.hi, a!.median, a!.std], `${s.ablation} / arm ${name}`)
  }
  const sweeps = report.hypotheses.flatMap((h) => (h.sweep ? [h] : [])) as (HypothesisResult & { sweep: NonNullable<HypothesisResult['sweep']> })[]
  let sweepTables = 0
  for (const t of rest) {
    if (t.header[0] === 'claim') {
      for (const [claim, control, , diff, p, verdict] of t.rows) {
        const k = byName.get(`claim: ${claim}`)!.controls!.find((x) => x.control === control)!
        expectFigures(`${diff} ${p}`, [k.difference?.estimate, k.difference?.ci.lo, k.difference?.ci.hi, k.pAdjusted], `${s.ablation} / ${claim} / ${control}`)
        expect(verdict).toBe(k.verdict)
      }
    } else if (t.header[1] === 'decided at') {
      // Sequential plan: the look, the seeds, the repeated and sequential p, the repeated interval,
      // and the CPU of the hypothesis' runs summed from the report's run list (each run once).
      for (const [name, decided, seeds, pRep, pSeq, rci, cpu] of t.rows) {
        const h = byName.get(name)!
        const q = h.sequential!
        const what = `${s.ablation} / ${name}: sequential`
        expect(decided, `${what}: look. ${FIX}`).toMatch(new RegExp(`^look ${q.stage}/${q.looks.length}`))
        expect(decided.includes('open'), `${what}: open`).toBe(!!q.open)
        expectFigures(seeds, [q.seeds], `${what}: seeds`)
        const p = (x: number) => (x < 0.001 ? '<0.001' : x.toFixed(3))
        expect(`${pRep} ${pSeq}`, `${what}: p-values. ${FIX}`).toBe(`${p(q.pRepeated)} ${p(q.pSequential)}`)
        expectFigures(rci, q.rci ? [q.rci.lo, q.rci.hi] : [], `${what}: repeated interval`)
        // Its runs: its arms at their seeds, and a sweep's every arm ('<condition> <param>=<x>') at the same seeds.
        const reads = (r: RunRef) => h.arms.some((a) => a.name === r.arm && a.seeds.includes(r.seed))
          || (!!h.sweep && h.sweep.conditions.some((c) => r.arm.startsWith(`${c.name} ${h.sweep!.param}=`)) && h.arms[0].seeds.includes(r.seed))
        const used = new Map<string, number | undefined>()
        for (const r of report.runs.list ?? []) if (reads(r)) used.set(r.key, r.cpuSeconds)
        const known = [...used.values()].filter((c): c is number => c !== undefined)
        expect(cpu, `${what}: CPU-h. ${FIX}`).toBe(known.length ? (known.reduce((a, b) => a + b, 0) / 3600).toFixed(2) : '-')
      }
    } else {
      expect(t.header[0]).toBe('condition')
      // The k-th sweep table is the k-th sweep hypothesis's: two sweeps may share a condition's name
      // and metric but not its seeds (one decided at an earlier look).
      const h = sweeps[sweepTables++]
      expect(h, `${s.ablation}: more sweep tables than sweep hypotheses in ${s.path}. ${FIX}`).toBeDefined()
      for (const [name, metric, ...values] of t.rows) {
        expect(metric, `${s.ablation} / sweep ${name}: metric`).toBe(h.metric)
        const cond = h.sweep.conditions.find((c) => c.name === name)!
        expectFigures(values.join(' '), h.sweep.xs.flatMap((_x, i) => [cond.mean[i], cond.lo[i], cond.hi[i]]), `${s.ablation} / sweep ${name}`)
      }
    }
  }
  expect(sweepTables, `${s.ablation}: one sweep table per sweep hypothesis of ${s.path}. ${FIX}`).toBe(sweeps.length)
}

describe('docs/results.md', () => {
  it('exists, and has a section for every committed baseline', () => {
    expect(text, 'docs/results.md is missing: npm run results').not.toBe('')
    expect(sections.map((s) => s.ablation).filter((a) => baselines.has(a)).sort(), FIX).toEqual([...baselines.keys()].sort())
  })

  it("the sequential plans' total CPU is their reports' distinct runs summed", (ctx) => {
    const line = /^Sequential plans together \((.*)\): (.*), each distinct run once, summed from the run records\.$/m.exec(text.split('\n### ')[0])
    const planned = sections.filter((s) => s.kind === 'report' && s.tables.some((t) => t.header[1] === 'decided at'))
    expect(!!line, `a plans' total line iff some section has a plan. ${FIX}`).toBe(planned.length > 0)
    if (!line) return
    expect(line[1], `the plans named in the total line. ${FIX}`).toBe(planned.map((s) => s.ablation).join(', '))
    const missing = planned.filter((s) => !existsSync(join(root, s.path)))
    if (missing.length) ctx.skip(`${missing.map((s) => s.path).join(', ')} not on this machine: the plans' total is not recomputed`)
    const cpu = new Map<string, number | undefined>()
    for (const s of planned) for (const r of (JSON.parse(readFileSync(join(root, s.path), 'utf8')) as AblationReport).runs.list ?? []) cpu.set(r.key, r.cpuSeconds)
    const known = [...cpu.values()].filter((c): c is number => c !== undefined)
    expect(line[2], `the plans' total. ${FIX}`).toBe(`${(known.reduce((a, b) => a + b, 0) / 3600).toFixed(2)} CPU-h (${known.length} runs${cpu.size > known.length ? `; ${cpu.size - known.length} more recorded before CPU time was kept` : ''})`)
  })

  it("the README's status of each plan is its report's: look, seeds, verdicts and CPU time", (ctx) => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const [a, b] = PLANS_STATUS_MARKERS.map((m) => readme.indexOf(m))
    expect(a >= 0 && b > a, `README.md lacks the plans-status markers: add ${PLANS_STATUS_MARKERS.join(' and ')}, then npm run results`).toBe(true)
    const rows = readme.slice(a, b).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---')).slice(1).map(cells)
    const planned = sections.filter((s) => s.kind === 'report' && s.tables.some((t) => t.header[1] === 'decided at'))
    const FIXR = 'the README\'s plans status is stale or was edited by hand: regenerate it with `npm run results`'
    expect(rows.map((r) => r[0]), `the plans in the README vs in docs/results.md. ${FIXR}`).toEqual(planned.map((s) => s.ablation))
    const missing = planned.filter((s) => !existsSync(join(root, s.path)))
    if (missing.length) ctx.skip(`${missing.map((s) => s.path).join(', ')} not on this machine: the README's plans status is not recomputed`)
    const reports = planned.map((s) => JSON.parse(readFileSync(join(root, s.path), 'utf8')) as AblationReport)
    for (const [i, s] of planned.entries()) expect(rows[i], `${s.ablation}: README plans status. ${FIXR}`).toEqual(planStatusRow(reports[i]))
    // The total (each distinct run once) and the pilots' CPU, summed here from the reports and the published records.
    const hours = (runs: { key: string; cpuSeconds?: number }[]) => {
      const byKey = new Map(runs.map((r) => [r.key, r.cpuSeconds]))
      return `${([...byKey.values()].reduce((a: number, b) => a + (b ?? NaN), 0) / 3600).toFixed(2)} CPU-h (${byKey.size} runs)`
    }
    const pilotDir = join(root, 'reports', 'pilots')
    const pilots = readdirSync(pilotDir).filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(readFileSync(join(pilotDir, f), 'utf8')) as AblationReport).runs.list!)
      .map((r) => { const got = readPublishedRun(r.key); return { key: r.key, cpuSeconds: got.status === 'hit' ? got.record.cpuSeconds : undefined } })
    const total = /^All plans together, each distinct run once \(files share arms\): (.*?); the \d+ pilots .*: (.*)\.$/m.exec(readme.slice(a, b))
    expect(total?.slice(1), `the plans' total and the pilots' CPU. ${FIXR}`).toEqual([hours(reports.flatMap((r) => r.runs.list!)), hours(pilots)])
  })

  for (const s of sections) {
    it(`${s.ablation}: every figure comes from ${s.kind === 'report' ? 'its report' : s.kind === 'baseline' ? 'its baseline' : 'nowhere (not run)'}`, (ctx) => {
      expect(s.tables.length, `${s.ablation}: no table`).toBeGreaterThan(0)
      if (s.kind === 'none') {
        expect(baselines.has(s.ablation), `${s.ablation} is listed as not run, but it has a baseline. ${FIX}`).toBe(false)
        const empty = s.tables[0].header.slice(1).map((h) => (h === 'verdict' ? 'not run' : '-'))
        for (const r of s.tables[0].rows) expect(r.slice(1), `${s.ablation} / ${r[0]}: a row that has not run holds no figure`).toEqual(empty)
        return
      }
      const source = join(root, s.path)
      const base = baselines.get(s.ablation)
      if (s.kind === 'baseline') {
        const b = JSON.parse(readFileSync(source, 'utf8')) as BaselineFile
        expect(s.meta, `${s.ablation}: backend and engine of ${s.path}. ${FIX}`).toContain(`· backend ${b.backend} · engine ${b.engineVersion}`)
        checkVerdicts(s, b)
        for (const r of s.tables[0].rows) {
          const e = b.hypotheses[r[0]]
          expectFigures(`${r[3]} ${r[4]}`, [e.difference?.estimate, e.difference?.ci.lo, e.difference?.ci.hi, e.hedgesG?.estimate], `${s.ablation} / ${r[0]}`)
          expect(r[1] + r[5] + r[6] + r[7], `${s.ablation} / ${r[0]}: a baseline holds no metric, P or p`).toBe('----')
        }
        return
      }
      if (base) checkVerdicts(s, base)
      if (!existsSync(source)) ctx.skip(`${s.path} is not on this machine (run its file): verdicts checked against the baseline only`)
      checkReport(s, JSON.parse(readFileSync(source, 'utf8')) as AblationReport)
    })
  }
})
