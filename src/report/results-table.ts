// docs/results.md, generated from the JSON reports and the committed baselines (never typed by
// hand; `npm run results`): per ablation, one row per hypothesis with its verdict, effect and
// interval, and, where a report is the source, each arm's mean. test/results-doc.test.ts parses the
// committed file and checks every figure against its source.
import { relative } from 'node:path'
import type { BaselineEntry } from './baselines.js'
import { formatEstimate, formatNumber, formatSigned } from './format.js'
import { plannedReports, type ResultsSection } from './results-sources.js'
import { formatRunCost, hypothesisRuns, runCost } from './run-cost.js'
import { SEQUENTIAL_HEAD, sequentialRows, sequentialSummary } from './render-sequential.js'
import type { HypothesisResult, RunRef } from './types.js'

/** Table cells may not hold a bare pipe (H(Z|X)). */
export const cell = (s: string) => s.replace(/\|/g, '\\|')
const est = (e: Parameters<typeof formatEstimate>[0]) => formatEstimate(e, true)

export const HYPOTHESIS_HEADER = ['hypothesis', 'metric', 'verdict', 'difference [interval]', "Hedges' g", 'P(improvement)', 'adjusted p', 'seeds']
export const ARM_HEADER = ['arm', 'metric', 'seeds', 'mean', '95% interval (t)', 'median', 'std']
export const CONTROL_HEADER = ['claim', 'control', 'arm', 'difference [interval]', 'adjusted p', 'verdict']
export const SEQUENTIAL_HEADER = [...SEQUENTIAL_HEAD.slice(0, -1), 'CPU-h of its runs']

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
export const table = (header: readonly string[], rows: string[][]) => [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n')

function verdictCell(h: HypothesisResult): string {
  if (h.expectedVerdict) return `${h.verdict} (known refutation)`
  // An open plan's row: its plan table says where it stands; a fixed design's seed count would mislead.
  if (h.verdict === 'inconclusive' && h.sequential?.open) return 'inconclusive (open)'
  if (h.verdict === 'inconclusive' && h.seedsFor80Power) return `inconclusive (${h.seedsFor80Power} seeds for 80% power)`
  return h.verdict
}

function differenceCell(h: HypothesisResult): string {
  const c = h.sweep?.crossover
  if (c) return `crossover at ${h.sweep!.param} = ${formatNumber(c.x)} [${formatNumber(c.lo)}, ${formatNumber(c.hi)}], ${formatNumber(c.share * 100)}% of replicates cross`
  return est(h.difference)
}

function reportRows(hs: HypothesisResult[]): string[][] {
  return hs.map((h) => [
    cell(`${h.kind === 'claim' ? 'claim: ' : ''}${h.hypothesis}`), cell(h.metric),
    verdictCell(h), differenceCell(h), formatSigned(h.hedgesG?.estimate),
    formatNumber(h.probabilityOfImprovement), formatNumber(h.test.pAdjusted),
    h.arms.length ? String(Math.min(...h.arms.map((a) => a.n))) : '-',
  ])
}

/** Each arm once per metric it is read on (hypotheses share arms). */
function armRows(hs: HypothesisResult[]): string[][] {
  const seen = new Set<string>()
  const rows: string[][] = []
  for (const h of hs) {
    for (const a of h.arms) {
      const key = `${a.name}\u0000${h.metric}`
      if (seen.has(key)) continue
      seen.add(key)
      rows.push([cell(a.name), cell(h.metric), String(a.n), formatNumber(a.mean), `[${formatNumber(a.ciT.lo)}, ${formatNumber(a.ciT.hi)}]`, formatNumber(a.median), formatNumber(a.std)])
    }
  }
  return rows
}

/** Each required control of each claim: treatment minus control. */
function controlRows(hs: HypothesisResult[]): string[][] {
  return hs.flatMap((h) => (h.controls ?? []).map((k) => [
    cell(h.hypothesis), k.control, cell(k.arm ?? (k.present ? '(before RL)' : '(missing)')), est(k.difference), formatNumber(k.pAdjusted), k.verdict,
  ]))
}

/** Each swept condition's mean and 95% interval per value: one table per sweep hypothesis. */
function sweepTables(hs: HypothesisResult[]): string[] {
  return hs.flatMap((h) => {
    const sw = h.sweep
    if (!sw) return []
    const rows = sw.conditions.map((c) => [cell(c.name), cell(h.metric), ...sw.xs.map((_x, i) => `${formatNumber(c.mean[i])} [${formatNumber(c.lo[i])}, ${formatNumber(c.hi[i])}]`)])
    return ['', `Sweep of '${cell(h.hypothesis)}' (mean [95% interval] per value):`, '', table(['condition', 'metric', ...sw.xs.map((x) => `${sw.param} = ${x}`)], rows)]
  })
}

function baselineRows(entries: Record<string, BaselineEntry>): string[][] {
  return Object.entries(entries).map(([name, e]) => [cell(name), '-', e.verdict, est(e.difference), formatSigned(e.hedgesG?.estimate), '-', '-', '-'])
}

/** Under a sequential plan: when each hypothesis was decided, on how many seeds, and what its runs cost. */
function sequentialTable(r: { hypotheses: HypothesisResult[]; runs: { list?: readonly RunRef[] } }): string[] {
  const hs = r.hypotheses.filter((h) => h.sequential)
  if (!hs.length) return []
  const list = r.runs.list ?? []
  // The table's cells are the terminal table's (render-sequential.ts), less its verdict, plus the cost.
  const rows = sequentialRows(hs).map((cells, i) => {
    const c = runCost(list, hypothesisRuns(hs[i]))
    return [cell(cells[0]), ...cells.slice(1, -1), c.runs && c.unknown < c.runs ? (c.seconds / 3600).toFixed(2) : '-']
  })
  return ['', `Sequential ${sequentialSummary(hs)} · all runs: ${formatRunCost(runCost(list))}, summed from the run records:`, '', table(SEQUENTIAL_HEADER, rows)]
}

function renderSection(s: ResultsSection, root: string): string {
  const where = s.file ? `\`${s.file}\` · ` : ''
  if (s.source.kind === 'none') {
    return [`### ${s.ablation}`, '', `${where}source: none (not run yet: no report and no baseline; \`npx vitest run ${s.file}\` runs it)`, '',
      table(HYPOTHESIS_HEADER, s.source.hypotheses.map((h) => [cell(h), '-', 'not run', '-', '-', '-', '-', '-']))].join('\n')
  }
  const src = relative(root, s.source.path)
  if (s.source.kind === 'report') {
    const r = s.source.report
    const controls = controlRows(r.hypotheses)
    return [`### ${s.ablation}`, '',
      `${where}source: report \`${src}\` · organism ${r.organism} · backend ${r.backend} · engine ${r.engineVersion}`, '',
      table(HYPOTHESIS_HEADER, reportRows(r.hypotheses)), '', 'Arms:', '', table(ARM_HEADER, armRows(r.hypotheses)),
      ...(controls.length ? ['', 'Controls of claims:', '', table(CONTROL_HEADER, controls)] : []), ...sequentialTable(r), ...sweepTables(r.hypotheses)].join('\n')
  }
  const b = s.source.baseline
  return [`### ${s.ablation}`, '',
    `${where}source: baseline \`${src}\` (no report on the machine that generated this page: verdict, difference, interval and g only) · backend ${b.backend} · engine ${b.engineVersion}`, '',
    table(HYPOTHESIS_HEADER, baselineRows(b.hypotheses)),
    ...(s.source.stale.length ? ['', `Left out, no longer in the spec (stale baseline entries; \`npx vitest run ${s.file} -u\` removes them): ${s.source.stale.map((h) => `'${cell(h)}'`).join(', ')}.`] : [])].join('\n')
}

const INTRO = `# Results

<!-- generated by npm run results from the JSON reports and the committed baselines; do not edit -->

Every verdict of the suite, one row per hypothesis of every ablation (\`npm run results\` writes this
page; \`test/results-doc.test.ts\` checks each figure against its source). Each ablation's figures
come from its JSON report (\`reports/<ablation>.json\`, written by the last run of its file) where that
report is present and complete, else from its committed baseline (\`reports/baselines/<ablation>.json\`,
which keeps the verdict, the difference with its interval and Hedges' g, but no per-arm figures); an
ablation that has never run is listed as not run. The generator refuses a report that holds fewer
hypotheses than its baseline or its spec (a partial run).

**What a green suite means.** Every hypothesis's verdict equals its committed baseline (a changed
verdict fails the test as a mechanism regression); a *known refutation* (\`hypothesis.fails\`) passes
while the organism refutes it and fails if that changes; an *inconclusive* verdict is skipped, not
failed, in the files that set \`inconclusive: 'skip'\` (every transformer file and some linear twins),
and stays in the table. So green does not mean "supported": read the verdict column.

Columns: the difference is treatment minus reference (after minus before for increase and decrease,
mean minus the bound for above and below) with its two-sided 90% interval, whose claimed-side end is
the one-sided 95% bound; Hedges' g is the standardised difference; P(improvement) is the share of run
pairs in which the claimed direction holds; the adjusted p is Holm-corrected over the ablation's
hypotheses; seeds is the smallest arm's count. The arms table gives each arm's mean over seeds with
its 95% t interval. docs/statistics.md (or the README) describes the tests.`

/** What every sequential plan's runs cost together: each distinct run once (files share runs), from the reports. */
function plansCostLine(sections: ResultsSection[]): string | null {
  const planned = plannedReports(sections)
  if (!planned.length) return null
  const list = planned.flatMap((r) => r.runs.list ?? [])
  return `Sequential plans together (${planned.map((r) => r.ablation).join(', ')}): ${formatRunCost(runCost(list))}, each distinct run once, summed from the run records.`
}

/** The whole page. `root` makes the paths in it relative to the repository. */
export function renderResultsDoc(sections: ResultsSection[], root: string): string {
  const counts = sections.map((s) => (s.source.kind === 'report' ? s.source.report.hypotheses.length
    : s.source.kind === 'baseline' ? Object.keys(s.source.baseline.hypotheses).length : s.source.hypotheses.length))
  const total = counts.reduce((a, b) => a + b, 0)
  const n = (k: string) => sections.filter((s) => s.source.kind === k).length
  const summary = `${total} hypotheses in ${sections.length} ablations: ${n('report')} from their reports, ${n('baseline')} from their baselines` +
    `${n('none') ? `, ${n('none')} not run yet` : ''}.`
  const plans = plansCostLine(sections)
  return `${[INTRO, '', summary, '', ...(plans ? [plans, ''] : []), ...sections.flatMap((s) => [renderSection(s, root), ''])].join('\n').trimEnd()}\n`
}
