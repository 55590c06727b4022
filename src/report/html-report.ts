// The visual report: one self-contained HTML file (<outputDir>/index.html) for every ablation of a
// run. vega, vega-lite and vega-embed are read from node_modules (their UMD builds) and inlined in
// <script> tags, and every chart's data is inlined in its spec, so the page opens with no network.
//
// This file is the page: layout, style, the chart driver, and writing it. Per ablation the blocks
// come from html-sections.ts (HtmlSection); the library builds from html-assets.ts.
//
// renderHtmlReport is pure apart from loading the library builds (pass `assets` to avoid even
// that); writeHtmlReport writes the file atomically.

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { TopLevelSpec } from 'vega-lite'
import { VERDICT_COLORS } from './charts.js'
import { distinct, formatDuration, formatSeedRanges } from './format.js'
import { loadChartAssets } from './html-assets.js'
import { escapeHtml, jsonForScript, scriptSafe } from './html-escape.js'
import { DEFAULT_HTML_SECTIONS, type HtmlContext, type HtmlReportOptions } from './html-sections.js'
import { writeFileAtomic } from './json-report.js'
import { ablationRuns, ablationSeeds, addCounts, countVerdicts, runsText, type AblationGroup, type VerdictCounts } from './render.js'

/** File name of the HTML report inside the report directory. */
export const HTML_REPORT_FILE = 'index.html'

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
