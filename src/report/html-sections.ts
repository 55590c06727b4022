// The blocks of one ablation in the HTML report (HtmlSection): the hypothesis table built from the
// terminal table's cells (cells.ts), footnotes, controls, the sequential plan, per-arm statistics,
// and the charts (effects, learning curves, sweeps). The page around them: html-report.ts.
import type { TopLevelSpec } from 'vega-lite'
import { estimateCell, formatLevel, hypothesisCells, sharedDifferenceLevel, tableHead, verdictText, type Cell, type LineRole } from './cells.js'
import { curveGroups, curveSpec, differenceSpec, forestSpec, sweepChart, verdictCategory, type SweepChartInput } from './charts.js'
import { NOT_APPLICABLE, formatInterval, formatNumber, formatP, formatSeedRanges } from './format.js'
import type { ChartAssets } from './html-assets.js'
import { escapeHtml } from './html-escape.js'
import { powerNote } from './power-note.js'
import type { AblationGroup } from './render.js'
import { SEQUENTIAL_HEAD, sequentialRows, sequentialSummary } from './render-sequential.js'

export interface HtmlReportOptions {
  /** Page title (default 'rlvr-ablate report'). */
  title?: string
  /** Timestamp printed in the header (default: now). */
  generatedAt?: Date | string
  /** Print wall times (default true); false masks them, as the terminal table does. */
  timings?: boolean
  /** Blocks per ablation, in order (default DEFAULT_HTML_SECTIONS). */
  sections?: readonly HtmlSection[]
  /** The library builds to inline (default: loadChartAssets()). */
  assets?: ChartAssets
}

export interface HtmlContext {
  /**
   * Registers a chart and returns its placeholder element; the page's script renders it with
   * vega-embed. Every chart of the page goes through here (the page counts them).
   */
  chart(spec: TopLevelSpec, opts?: { kind?: string; caption?: string }): string
  /** Index of the ablation in the report (0-based) and its anchor id. */
  ablationIndex: number
  anchor: string
  options: HtmlReportOptions
}

/** A block of one ablation's section: HTML, or null for nothing. */
export type HtmlSection = (group: AblationGroup, ctx: HtmlContext) => string | null

function cell(text: string, cls?: string): string {
  return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</td>`
}

const ROLE_CLASS: Partial<Record<LineRole, string>> = { name: 'arm-name', sub: 'sub', ci: 'ci', invalid: 'v-invalid-control' }

/** A cell of cells.ts: each line in a <div> classed by its role; a single plain line and the metric stay bare. */
function htmlCell(c: Cell, cls?: string): string {
  if (c === null) return cell(NOT_APPLICABLE, cls)
  if (c.length === 1 && !c[0].role) return cell(c[0].text, cls)
  const lines = c.map((l) => {
    if (l.role === 'metric') return escapeHtml(l.text)
    const lineClass = l.role && ROLE_CLASS[l.role]
    return `<div${lineClass ? ` class="${lineClass}"` : ''}>${escapeHtml(l.text)}</div>`
  })
  return `<td${cls ? ` class="${cls}"` : ''}>${lines.join('')}</td>`
}

/** The hypothesis table: the terminal table's cells (cells.ts), plus the reason of each verdict. */
export function hypothesisTableSection(group: AblationGroup): string {
  const rs = group.results
  const levelInHead = Boolean(sharedDifferenceLevel(rs))
  const head = ['#', ...tableHead(rs)].map((h) => escapeHtml(h).replace(/\n/g, '<br>'))
  const rows = rs.map((r, i) => {
    const category = verdictCategory(r)
    const [metric, ...figures] = hypothesisCells(r, levelInHead)
    return [
      '<tr>',
      cell(`H${i + 1}`, 'id'),
      `<td class="hyp">${r.kind === 'claim' ? '<span class="tag">claim</span> ' : ''}${escapeHtml(r.hypothesis)}<div class="reason">${escapeHtml(r.reason)}</div></td>`,
      htmlCell(metric),
      ...figures.map((c) => htmlCell(c, 'num')),
      `<td class="verdict v-${category.replace(/\s+/g, '-')}">${escapeHtml(verdictText(r))}</td>`,
      '</tr>',
    ].join('')
  })
  return [
    '<div class="table-wrap"><table class="hypotheses">',
    `<thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n')
}

/** Footnotes for inconclusive rows (seeds for 80% power), as the terminal prints them. */
export function footnotesSection(group: AblationGroup): string | null {
  const items = group.results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.verdict === 'inconclusive')
    .map(({ r, i }) => {
      return `<li><b>H${i + 1}</b> ${escapeHtml(r.hypothesis)}: inconclusive; ${escapeHtml(powerNote(r))}</li>`
    })
  return items.length === 0 ? null : `<ul class="footnotes">${items.join('')}</ul>`
}

/** Under a sequential seeds plan: the look, seeds and sequential figures of each hypothesis. */
export function sequentialSection(group: AblationGroup): string | null {
  const rows = sequentialRows(group.results)
  if (rows.length === 0) return null
  return [
    `<h3>Sequential ${escapeHtml(sequentialSummary(group.results)!)}</h3><div class="table-wrap"><table class="sequential">`,
    `<thead><tr>${SEQUENTIAL_HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((x, i) => cell(x, i > 0 && i < 6 ? 'num' : undefined)).join('')}</tr>`).join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n')
}

/** Claims' controls and baseline checks, where the results carry them. */
export function controlsSection(group: AblationGroup): string | null {
  const rows: string[] = []
  group.results.forEach((r, i) => {
    for (const c of r.controls ?? []) {
      rows.push(
        `<tr>${cell(`H${i + 1}`, 'id')}${cell(c.control)}${cell(c.present ? (c.arm ?? '(untrained)') + (c.derived ? ' (derived)' : '') : 'missing')}` +
          `${htmlCell(estimateCell(c.difference, c.difference ? `${formatLevel(c.difference.level) ?? ''} ` : ''), 'num')}${cell(formatP(c.pAdjusted), 'num')}${cell(c.verdict, `verdict v-${c.verdict}`)}</tr>`,
      )
    }
  })
  const baselines = group.results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.baseline)
    .map(({ r, i }) => `<li><b>H${i + 1}</b> baseline ${escapeHtml(r.baseline!.status)}: ${escapeHtml(r.baseline!.message)}</li>`)
  if (rows.length === 0 && baselines.length === 0) return null
  const parts: string[] = []
  if (rows.length > 0) {
    parts.push(
      '<h3>Controls of claims</h3><div class="table-wrap"><table class="controls">',
      '<thead><tr><th>#</th><th>control</th><th>arm</th><th>treatment − control<br>[CI]</th><th>p adj</th><th>verdict</th></tr></thead>',
      `<tbody>${rows.join('\n')}</tbody></table></div>`,
    )
  }
  if (baselines.length > 0) parts.push(`<h3>Baselines</h3><ul class="baselines">${baselines.join('')}</ul>`)
  return parts.join('\n')
}

/** Per-arm statistics (median, IQM, std, bootstrap interval, per-seed values), collapsed. */
export function armStatsSection(group: AblationGroup): string | null {
  const rows: string[] = []
  group.results.forEach((r, i) => {
    for (const a of r.arms) {
      rows.push(
        `<tr>${cell(`H${i + 1}`, 'id')}${cell(a.name)}${cell(String(a.n), 'num')}${cell(formatNumber(a.mean), 'num')}${cell(formatNumber(a.median), 'num')}` +
          `${cell(formatNumber(a.iqm), 'num')}${cell(formatNumber(a.std), 'num')}${cell(formatInterval(a.ciT), 'num')}${cell(formatInterval(a.ciBoot), 'num')}` +
          `${cell(formatSeedRanges(a.seeds))}${cell(a.values.map((v) => formatNumber(v)).join(', '), 'values')}</tr>`,
      )
    }
  })
  if (rows.length === 0) return null
  return [
    '<details class="arm-stats"><summary>Per-arm statistics and per-seed values</summary><div class="table-wrap"><table>',
    '<thead><tr><th>#</th><th>arm</th><th>n</th><th>mean</th><th>median</th><th>IQM</th><th>std</th><th>95% t CI</th><th>95% bootstrap CI</th><th>seeds</th><th>values (seed order)</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></div></details>`,
  ].join('\n')
}

/** Forest plot of Hedges' g and the differences in metric units, side by side. */
export function effectsSection(group: AblationGroup, ctx: HtmlContext): string | null {
  const forest = forestSpec(group.results)
  const diff = differenceSpec(group.results)
  if (!forest && !diff) return null
  const charts = [
    forest ? ctx.chart(forest, { kind: 'forest' }) : '',
    diff ? ctx.chart(diff, { kind: 'difference' }) : '',
  ].filter(Boolean)
  return `<h3>Effects</h3><div class="charts">${charts.join('')}</div>`
}

/** Learning curves: one chart per metric and set of arms (hypotheses sharing one share the chart). */
export function curvesSection(group: AblationGroup, ctx: HtmlContext): string | null {
  const charts: string[] = []
  for (const g of curveGroups(group.results)) {
    const spec = curveSpec({
      title: g.metric,
      subtitle: `${g.hypotheses.join(', ')} · mean over seeds with 95% band`,
      metric: g.metric,
      arms: g.arms,
    })
    if (spec) charts.push(ctx.chart(spec, { kind: 'curve' }))
  }
  if (charts.length === 0) {
    return '<h3>Learning curves</h3><p class="note">No per-step curves were recorded for these metrics.</p>'
  }
  return `<h3>Learning curves</h3><div class="charts">${charts.join('')}</div>`
}

/**
 * Sweeps: one chart per sweep record that `select` returns for an ablation (none: no section).
 * DEFAULT_HTML_SECTIONS draws the sweeps of the results themselves (resultSweeps); pass another
 * selector to draw sweeps from elsewhere.
 */
export function sweepSection(select: (group: AblationGroup) => readonly SweepChartInput[]): HtmlSection {
  return (group, ctx) => {
    const sweeps = select(group)
    if (sweeps.length === 0) return null
    const charts = sweeps.map((s) => ctx.chart(sweepChart(s), { kind: 'sweep' }))
    return `<h3>Sweeps</h3><div class="charts">${charts.join('')}</div>`
  }
}

/** The sweep charts of an ablation's results (HypothesisResult.sweep), titled by hypothesis. */
export function resultSweeps(group: AblationGroup): SweepChartInput[] {
  const out: SweepChartInput[] = []
  group.results.forEach((r, i) => {
    if (!r.sweep) return
    out.push({
      ...r.sweep,
      metric: r.metric,
      title: `${r.metric} over ${r.sweep.param}`,
      subtitle: `H${i + 1} · ${verdictText(r)} · mean over seeds with 95% band`,
    })
  })
  return out
}

export const DEFAULT_HTML_SECTIONS: readonly HtmlSection[] = [
  hypothesisTableSection,
  footnotesSection,
  controlsSection,
  sequentialSection,
  armStatsSection,
  effectsSection,
  curvesSection,
  sweepSection(resultSweeps),
]
