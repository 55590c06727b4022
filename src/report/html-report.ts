// The visual report: one self-contained HTML file (<outputDir>/index.html) for every ablation of a
// run. vega, vega-lite and vega-embed are read from node_modules (their UMD builds) and inlined in
// <script> tags, and every chart's data is inlined in its spec, so the page opens with no network.
//
// Per ablation: the hypothesis table (as the terminal prints it), per-arm statistics, a forest
// plot of Hedges' g, the differences in metric units, and the learning curves of each metric per
// arm. Sections are pluggable (HtmlSection): sweeps (sweepSection) are the next one.
//
// renderHtmlReport is pure apart from loading the library builds (pass `assets` to avoid even
// that); writeHtmlReport writes the file atomically.

import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { TopLevelSpec } from 'vega-lite'
import {
  VERDICT_COLORS,
  curveGroups,
  curveSpec,
  differenceSpec,
  forestSpec,
  sweepChart,
  verdictCategory,
  type SweepChartInput,
} from './charts.js'
import { NOT_APPLICABLE, formatDuration, formatInterval, formatNumber, formatP, formatSeedRanges, formatSigned } from './format.js'
import { writeFileAtomic } from './json-report.js'
import {
  ablationRuns,
  runsText,
  addCounts,
  ablationSeeds,
  countVerdicts,
  formatLevel,
  formatVerdict,
  improvementCell,
  sharedDifferenceLevel,
  type AblationGroup,
  type VerdictCounts,
} from './render.js'
import type { ArmSummary } from './types.js'
import { powerNote } from './power-note.js'
import { SEQUENTIAL_HEAD, sequentialRows, sequentialSummary } from './render-sequential.js'

/** File name of the HTML report inside the report directory. */
export const HTML_REPORT_FILE = 'index.html'

// ---------------------------------------------------------------------------------------------
// Library builds

/** The UMD builds inlined into the page (their source text). */
export interface ChartAssets {
  vega: string
  vegaLite: string
  vegaEmbed: string
}

const requireFromHere = createRequire(import.meta.url)

/** Absolute path of `file` in the build directory of `pkg` (the package's entry point lives there). */
function buildFile(pkg: string, file: string): string {
  return join(dirname(requireFromHere.resolve(pkg)), file)
}

/** Paths of the minified UMD builds in node_modules. */
export function chartAssetPaths(): Record<keyof ChartAssets, string> {
  return {
    vega: buildFile('vega', 'vega.min.js'),
    vegaLite: buildFile('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: buildFile('vega-embed', 'vega-embed.min.js'),
  }
}

let cachedAssets: ChartAssets | undefined

/** Reads (once per process) the UMD builds of vega, vega-lite and vega-embed. */
export function loadChartAssets(): ChartAssets {
  if (!cachedAssets) {
    const paths = chartAssetPaths()
    cachedAssets = {
      vega: readFileSync(paths.vega, 'utf8'),
      vegaLite: readFileSync(paths.vegaLite, 'utf8'),
      vegaEmbed: readFileSync(paths.vegaEmbed, 'utf8'),
    }
  }
  return cachedAssets
}

// ---------------------------------------------------------------------------------------------
// Escaping

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch])
}

/** JSON safe inside a <script> element: no "</script", "<!--" or line separators can appear. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** Library source inside a <script> element: "</script" (any case) would end it early. */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1')
}

// ---------------------------------------------------------------------------------------------
// Sections

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

function armCellHtml(arm: ArmSummary | undefined): string {
  if (!arm) return cell(NOT_APPLICABLE, 'num')
  const collapsed = arm.validity?.collapsed
    ? `<div class="v-invalid-control">collapsed ${arm.validity.collapsed}/${arm.validity.values.length}</div>` : ''
  return `<td class="num"><div class="arm-name">${escapeHtml(arm.name)}</div><div>${escapeHtml(formatNumber(arm.mean))}</div><div class="ci">${escapeHtml(formatInterval(arm.ciT))}</div>${collapsed}</td>`
}

function estimateCellHtml(e: { estimate: number; ci: { lo: number; hi: number } } | null | undefined, prefix = ''): string {
  if (!e) return cell(NOT_APPLICABLE, 'num')
  return `<td class="num"><div>${escapeHtml(formatSigned(e.estimate))}</div><div class="ci">${escapeHtml(prefix + formatInterval(e.ci))}</div></td>`
}

function seedsText(arms: readonly ArmSummary[]): string {
  if (arms.length === 0) return NOT_APPLICABLE
  const ns = arms.map((a) => a.n)
  return ns.every((n) => n === ns[0]) ? String(ns[0]) : ns.join('/')
}

/** The hypothesis table: the terminal table's columns and figures, plus the reason of each verdict. */
export function hypothesisTableSection(group: AblationGroup): string {
  const rs = group.results
  const level = sharedDifferenceLevel(rs)
  const head = [
    '#',
    'hypothesis',
    'metric<br><span class="sub">comparison</span>',
    'arm A<br>mean [95% CI]',
    'arm B<br>mean [95% CI]',
    `difference<br>[${level ? `${escapeHtml(level)} ` : ''}CI]`,
    "Hedges' g<br>[95% CI]",
    'P(improv.)',
    'p adj',
    'n',
    'verdict',
  ]
  const rows = rs.map((r, i) => {
    const cellLevel = level ? undefined : formatLevel(r.difference?.level)
    const category = verdictCategory(r)
    return [
      '<tr>',
      cell(`H${i + 1}`, 'id'),
      `<td class="hyp">${r.kind === 'claim' ? '<span class="tag">claim</span> ' : ''}${escapeHtml(r.hypothesis)}<div class="reason">${escapeHtml(r.reason)}</div></td>`,
      `<td>${escapeHtml(r.metric)}<div class="sub">${escapeHtml(r.comparison)}</div></td>`,
      armCellHtml(r.arms[0]),
      r.arms.length >= 2 ? armCellHtml(r.arms[1]) : cell(NOT_APPLICABLE, 'num'),
      estimateCellHtml(r.difference, cellLevel ? `${cellLevel} ` : ''),
      estimateCellHtml(r.hedgesG),
      r.signTest ? `<td class="num">${improvementCell(r).split('\n').map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</td>` : cell(formatNumber(r.probabilityOfImprovement), 'num'),
      cell(formatP(r.test?.pAdjusted), 'num'),
      cell(seedsText(r.arms), 'num'),
      `<td class="verdict v-${category.replace(/\s+/g, '-')}">${escapeHtml(formatVerdict(r, { color: false }))}</td>`,
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
          `${estimateCellHtml(c.difference, c.difference ? `${formatLevel(c.difference.level) ?? ''} ` : '')}${cell(formatP(c.pAdjusted), 'num')}${cell(c.verdict, `verdict v-${c.verdict}`)}</tr>`,
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
      subtitle: `H${i + 1} · ${formatVerdict(r, { color: false })} · mean over seeds with 95% band`,
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

// ---------------------------------------------------------------------------------------------
// The page

function countsHtml(k: VerdictCounts): string {
  const parts = [
    `<span class="badge v-supported">${k.supported} supported</span>`,
    `<span class="badge v-refuted">${k.refuted} refuted${k.expected > 0 ? ` (${k.expected} expected)` : ''}</span>`,
    `<span class="badge v-inconclusive">${k.inconclusive} inconclusive</span>`,
  ]
  if (k.invalidControl > 0) parts.push(`<span class="badge v-invalid-control">${k.invalidControl} invalid control</span>`)
  if (k.error > 0) parts.push(`<span class="badge v-error">${k.error} error${k.error === 1 ? '' : 's'}</span>`)
  if (k.unexpected > 0) parts.push(`<span class="badge v-refuted">${k.unexpected} not as expected</span>`)
  return parts.join(' ')
}

function wallTimeHtml(ms: number | undefined, timings: boolean): string | null {
  if (!timings) return '<span class="wall-time">wall time (masked)</span>'
  if (ms === undefined || !Number.isFinite(ms)) return null
  return `<span class="wall-time">wall time ${escapeHtml(formatDuration(ms))}</span>`
}

function distinct(values: Iterable<string>): string {
  const set = [...new Set(values)]
  return set.length === 0 ? NOT_APPLICABLE : set.join(', ')
}

/** Anchor ids: "ablation-<n>" (stable, unique, independent of the name). */
function anchorFor(index: number): string {
  return `ablation-${index + 1}`
}

const STYLE = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --bg-alt: #f7f7f8;
  --supported: ${VERDICT_COLORS.supported}; --refuted: ${VERDICT_COLORS.refuted};
  --inconclusive: ${VERDICT_COLORS.inconclusive}; --expected: ${VERDICT_COLORS['as expected']}; --invalid: ${VERDICT_COLORS['invalid control']}; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); margin: 0; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; border-bottom: 1px solid var(--line); padding-bottom: 12px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 4px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
.meta, .note, .sub, .ci, .reason { color: var(--muted); }
.meta { margin: 2px 0 8px; }
nav ul { margin: 8px 0 0; padding-left: 18px; }
section.ablation { border-bottom: 1px solid var(--line); padding-bottom: 24px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--bg-alt); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id { font-weight: 600; white-space: nowrap; }
td.hyp { max-width: 340px; }
td.values { font-variant-numeric: tabular-nums; max-width: 360px; }
.reason { font-size: 12px; margin-top: 2px; }
.arm-name { font-size: 12px; color: var(--muted); }
.tag { font-size: 11px; border: 1px solid var(--muted); border-radius: 3px; padding: 0 3px; color: var(--muted); }
.verdict { font-weight: 600; white-space: nowrap; }
.v-supported { color: var(--supported); }
.v-refuted { color: var(--refuted); }
.v-inconclusive { color: var(--inconclusive); }
.v-as-expected { color: var(--expected); }
.v-error { color: var(--refuted); font-weight: 700; }
.v-missing { color: var(--refuted); }
.v-invalid-control { color: var(--invalid); }
.badge { display: inline-block; font-weight: 600; margin-right: 6px; }
.footnotes { color: var(--muted); margin: 8px 0; }
details.arm-stats { margin: 10px 0; }
details.arm-stats summary { cursor: pointer; color: var(--muted); }
.charts { display: flex; flex-wrap: wrap; gap: 16px 28px; align-items: flex-start; }
.chart { min-height: 60px; }
.chart-error { color: var(--refuted); white-space: pre-wrap; }
footer { max-width: 1280px; margin: 16px auto 32px; padding: 0 24px; color: var(--muted); font-size: 12px; }
`

// Renders every [data-rlvr-chart] element with vega-embed (SVG, so the page's marks are in the
// DOM) and records progress in window.__rlvrReport for tests and curious readers.
const DRIVER = `
(function () {
  var state = (window.__rlvrReport = { expected: 0, rendered: 0, failed: 0, errors: [], done: false });
  var specs = JSON.parse(document.getElementById('rlvr-chart-specs').textContent);
  var nodes = Array.prototype.slice.call(document.querySelectorAll('[data-rlvr-chart]'));
  state.expected = nodes.length;
  var opts = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  Promise.all(nodes.map(function (el) {
    var spec = specs[el.getAttribute('data-rlvr-chart')];
    return vegaEmbed(el, spec, opts).then(function () {
      state.rendered++;
      el.setAttribute('data-rendered', 'true');
    }).catch(function (err) {
      state.failed++;
      state.errors.push(String(err && err.message || err));
      el.setAttribute('data-rendered', 'error');
      el.classList.add('chart-error');
      el.textContent = 'This chart could not be drawn: ' + (err && err.message || err);
      console.error(err);
    });
  })).then(function () {
    state.done = true;
    document.documentElement.setAttribute('data-charts', state.failed ? 'error' : 'done');
  });
})();
`

/** The whole page for the given ablations (in order). */
export function renderHtmlReport(groups: readonly AblationGroup[], options: HtmlReportOptions = {}): string {
  const assets = options.assets ?? loadChartAssets()
  const timings = options.timings !== false
  const title = options.title ?? 'rlvr-ablate report'
  const generatedAt = options.generatedAt ?? new Date()
  const iso = typeof generatedAt === 'string' ? generatedAt : generatedAt.toISOString()
  const specs: Record<string, TopLevelSpec> = {}
  let chartCount = 0

  const sections = groups.map((group, index) => {
    const anchor = anchorFor(index)
    const ctx: HtmlContext = {
      ablationIndex: index,
      anchor,
      options,
      chart(spec, opts = {}) {
        const id = `c${++chartCount}`
        specs[id] = spec
        const caption = opts.caption ? `<figcaption class="note">${escapeHtml(opts.caption)}</figcaption>` : ''
        return `<figure class="chart-figure"><div class="chart" id="chart-${id}" data-rlvr-chart="${id}" data-kind="${escapeHtml(opts.kind ?? 'chart')}"></div>${caption}</figure>`
      },
    }
    const rs = group.results
    const seeds = ablationSeeds(rs)
    const runs = ablationRuns(rs)
    const meta = [
      `organism ${escapeHtml(distinct(rs.map((r) => r.organism)))}`,
      `backend ${escapeHtml(distinct(rs.map((r) => r.backend)))}`,
      `engine ${escapeHtml(distinct(rs.map((r) => r.engineVersion)))}`,
      `seeds ${escapeHtml(formatSeedRanges(seeds))} (n=${seeds.length})`,
      escapeHtml(runsText(runs)),
      wallTimeHtml(group.wallTimeMs, timings),
    ].filter((p): p is string => p !== null)
    const blocks: string[] = []
    for (const section of options.sections ?? DEFAULT_HTML_SECTIONS) {
      const html = section(group, ctx)
      if (html !== null && html !== '') blocks.push(html)
    }
    return [
      `<section class="ablation" id="${anchor}">`,
      `<h2>Ablation: ${escapeHtml(group.ablation)}</h2>`,
      `<p class="meta">${meta.join(' · ')}</p>`,
      `<p class="counts">${rs.length} ${rs.length === 1 ? 'hypothesis' : 'hypotheses'}: ${countsHtml(countVerdicts(rs))}</p>`,
      ...blocks,
      '</section>',
    ].join('\n')
  })

  let total = countVerdicts([])
  let wall: number | undefined
  let hypotheses = 0
  for (const g of groups) {
    total = addCounts(total, countVerdicts(g.results))
    hypotheses += g.results.length
    if (g.wallTimeMs !== undefined && Number.isFinite(g.wallTimeMs)) wall = (wall ?? 0) + g.wallTimeMs
  }
  const totalWall = wallTimeHtml(wall, timings)
  const nav = groups
    .map((g, i) => `<li><a href="#${anchorFor(i)}">${escapeHtml(g.ablation)}</a> <span class="meta">${countsText(countVerdicts(g.results))}</span></li>`)
    .join('')

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated <time datetime="${escapeHtml(iso)}">${escapeHtml(iso)}</time> · ${groups.length} ${groups.length === 1 ? 'ablation' : 'ablations'}, ${hypotheses} ${hypotheses === 1 ? 'hypothesis' : 'hypotheses'}${totalWall ? ` · ${totalWall}` : ''}</p>
<p class="counts">${countsHtml(total)}</p>
<nav><ul>${nav}</ul></nav>
</header>
<main>
${sections.join('\n')}
</main>
<footer>Verdicts: one-sided tests in the claimed direction, Holm-corrected within each ablation. Differences: treatment minus reference with the interval whose claimed-side end is the one-sided bound; Hedges' g with its 95% interval. Charts: vega-lite, rendered in this page (no network).</footer>
<script type="application/json" id="rlvr-chart-specs">${jsonForScript(specs)}</script>
<script>${scriptSafe(assets.vega)}</script>
<script>${scriptSafe(assets.vegaLite)}</script>
<script>${scriptSafe(assets.vegaEmbed)}</script>
<script>${DRIVER}</script>
</body>
</html>
`
}

function countsText(k: VerdictCounts): string {
  return escapeHtml(`${k.supported} supported, ${k.refuted} refuted, ${k.inconclusive} inconclusive${k.error > 0 ? `, ${k.error} error${k.error === 1 ? '' : 's'}` : ''}`)
}

/** Writes <dir>/index.html (atomically, creating dir). Returns its path. */
export async function writeHtmlReport(
  groups: readonly AblationGroup[],
  dir: string,
  options: HtmlReportOptions = {},
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, HTML_REPORT_FILE)
  await writeFileAtomic(path, renderHtmlReport(groups, options))
  return path
}

/** Charts a page will draw (its spec ids), for tests: the data-rlvr-chart placeholders in order. */
export function chartPlaceholders(html: string): { id: string; kind: string }[] {
  return [...html.matchAll(/data-rlvr-chart="([^"]+)" data-kind="([^"]+)"/g)].map((m) => ({ id: m[1], kind: m[2] }))
}

/** The specs embedded in a page, by id. */
export function embeddedSpecs(html: string): Record<string, TopLevelSpec> {
  const m = /<script type="application\/json" id="rlvr-chart-specs">([\s\S]*?)<\/script>/.exec(html)
  if (!m) throw new Error('no chart specs in this page')
  return JSON.parse(m[1]) as Record<string, TopLevelSpec>
}

