// The HTML report: the chart specs (pure builders, compiled by vega-lite and rendered to SVG by
// vega in Node), the page (sections, tables, embedded specs, no external resources), and the real
// page in headless Chromium (Debian's /usr/bin/chromium via playwright-core): no page or console
// errors, no network, every chart drawn with the expected marks, a screenshot for the record.
// The browser part runs when a Chromium is found, is required with RLVR_REQUIRE_CHROMIUM=1 (CI:
// .ci/run installs one), and is otherwise skipped with a one-line notice.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  VERDICT_COLORS,
  curveGroups,
  curvePoints,
  curveSpec,
  differenceSpec,
  forestRows,
  forestSpec,
  sweepChart,
  sweepPoints,
  verdictCategory,
  type SweepChartInput,
} from '../src/report/charts.js'
import { chartAssetPaths, loadChartAssets } from '../src/report/html-assets.js'
import { escapeHtml, jsonForScript, scriptSafe } from '../src/report/html-escape.js'
import { HTML_REPORT_FILE, renderHtmlReport, writeHtmlReport } from '../src/report/html-report.js'
import { DEFAULT_HTML_SECTIONS, resultSweeps, sweepSection } from '../src/report/html-sections.js'
import { chartPlaceholders, embeddedSpecs } from './helpers/html-page.js'
import { groupByAblation, tableRow, type AblationGroup } from '../src/report/render.js'
import type { HypothesisResult } from '../src/report/types.js'
import {
  allResults,
  clipSweep,
  crossover,
  inconclusive,
  knownRefutation,
  monotone,
  oneArmIncrease,
  refuted,
  supported,
  sweepResults,
} from './fixtures/html-report/results.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '..')

/** Debian's chromium (apt-get install -y chromium); RLVR_CHROMIUM overrides the path. */
const CHROMIUM = process.env.RLVR_CHROMIUM || '/usr/bin/chromium'
const REQUIRE = process.env.RLVR_REQUIRE_CHROMIUM ?? ''
if (!['', '0', '1'].includes(REQUIRE)) {
  throw new Error(`RLVR_REQUIRE_CHROMIUM='${REQUIRE}' must be 1 (the browser test must run: fail without Chromium) or 0 / unset (skip it without Chromium)`)
}
const HAS_CHROMIUM = existsSync(CHROMIUM)
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const SCREENSHOT = join(repoRoot, 'reports', 'screenshots', 'html-report.png')

const STUB_ASSETS = { vega: '/* vega */', vegaLite: '/* vega-lite */', vegaEmbed: '/* vega-embed */' }
const clip = [supported, refuted, inconclusive]
const spurious = [knownRefutation, oneArmIncrease]

/** The report the browser test opens: three ablations, the last with sweep records. */
function fixtureGroups(): AblationGroup[] {
  const groups = groupByAblation([...allResults, ...sweepResults])
  groups[0].wallTimeMs = 12_345
  return groups
}
/** Chart kinds of the fixture report, in page order. */
const FIXTURE_CHARTS = [
  'forest', 'difference', 'curve', 'curve', // Clip-higher: two curve groups (H3 has no curve)
  'forest', 'difference', 'curve', 'curve', // Spurious
  'forest', 'difference', 'sweep', 'sweep', // Sweeps: g only for the monotone trend; no curves
]

type Meta = { kind: string; rows?: number; arms?: number; points?: number; conditions?: number; crossover?: boolean }
function metaOf(spec: TopLevelSpec): Meta {
  return (spec as unknown as { usermeta: { rlvr: Meta } }).usermeta.rlvr
}

/** Items per mark type of a rendered vega SVG ({ symbol: 3, rule: 4, ... }), data marks only. */
function markCountsFromSvg(svg: string): Record<string, number> {
  const counts: Record<string, number> = {}
  // <g class="mark-TYPE role-mark ..." ...> then its items up to the group's end.
  const re = /<g class="mark-(\w+) role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g
  for (const m of svg.matchAll(re)) {
    const items = m[2].match(/<(path|line|text|rect|image)\b/g)?.length ?? 0
    counts[m[1]] = (counts[m[1]] ?? 0) + items
  }
  return counts
}

/** What a chart must show, from its kind and size (usermeta written by the builders). */
function expectMarks(meta: Meta, counts: Record<string, number>, where: string): void {
  switch (meta.kind) {
    case 'forest':
    case 'difference':
      expect(counts.symbol, `${where}: one point per hypothesis`).toBe(meta.rows)
      expect(counts.rule, `${where}: a zero line and the intervals`).toBeGreaterThanOrEqual(meta.rows! + 1)
      break
    case 'curve':
      expect(counts.line, `${where}: one line per arm`).toBe(meta.arms)
      expect(counts.area, `${where}: one band per arm`).toBe(meta.arms)
      break
    case 'sweep':
      expect(counts.line, `${where}: one line per condition`).toBe(meta.conditions)
      expect(counts.area, `${where}: one band per condition`).toBe(meta.conditions)
      expect(counts.symbol, `${where}: one point per condition and x`).toBe(meta.points)
      if (meta.crossover) {
        expect(counts.rect, `${where}: the crossover interval`).toBe(1)
        expect(counts.text, `${where}: the crossover label`).toBe(1)
      }
      break
    default:
      throw new Error(`${where}: unknown chart kind ${meta.kind}`)
  }
}

/** Compiles with vega-lite (failing on any warning) and renders to SVG with vega in Node. */
async function renderInNode(spec: TopLevelSpec): Promise<string> {
  const messages: string[] = []
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => (messages.push(`error: ${a.join(' ')}`), logger),
    warn: (...a: unknown[]) => (messages.push(`warn: ${a.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  }
  const compiled = compile(spec, { logger: logger as unknown as vega.LoggerInterface })
  expect(messages).toEqual([])
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

describe('chart specs', () => {
  it('forest rows: table order, H-labels, verdict categories, the figures and their text', () => {
    const rows = forestRows(allResults)
    expect(rows.map((r) => r.label)).toEqual([
      'H1. raising the upper clip bound increases final accuracy',
      'H2. raising the upper clip bound keeps policy entropy higher',
      'H3. [claim] a random reward improves accuracy as much as the true reward',
      'H4. raising the upper clip bound speeds up learning',
      'H5. a random reward increases the code-mode rate',
    ])
    expect(rows.map((r) => r.category)).toEqual(['supported', 'refuted', 'as expected', 'inconclusive', 'supported'])
    expect(rows[0]).toMatchObject({ g: 4.21, gLo: 1.98, gHi: 6.44, diff: 0.11, diffLo: 0.0795, diffHi: 0.1405 })
    expect(rows[0].gText).toBe('+4.21 [1.98, 6.44]')
    expect(rows[0].diffText).toBe('+0.11 90% [0.0795, 0.141]')
    expect(rows[2].verdict).toBe('refuted (expected)')
    expect(verdictCategory({ verdict: 'supported', expectedVerdict: 'refuted' })).toBe('supported')
    // A missing interval end (NaN from the engine, null from JSON) is drawn at the estimate.
    const [cross] = forestRows([crossover])
    expect(cross).toMatchObject({ diff: 0.035, diffLo: null, diffHi: null, diffLoPlot: 0.035, diffHiPlot: 0.035, g: null, gLoPlot: null })
    expect(cross.diffText).toBe('+0.035 90% [n/a, n/a]')
  })

  it('forest plot: one point and interval per hypothesis with an effect size, verdict colours, a zero line', () => {
    const spec = forestSpec(clip) as Record<string, any>
    expect(spec.data.values.map((r: { id: string }) => r.id)).toEqual(['H1', 'H2', 'H3'])
    const [zero, intervals, points] = spec.layer
    expect(zero.encoding.x).toEqual({ datum: 0, type: 'quantitative' })
    expect(intervals.encoding.x.field).toBe('gLoPlot')
    expect(intervals.encoding.x2.field).toBe('gHiPlot')
    expect(points.encoding.x.field).toBe('g')
    expect(points.encoding.y.sort).toEqual(spec.data.values.map((r: { label: string }) => r.label))
    expect(points.encoding.color.scale).toEqual({
      domain: ['supported', 'refuted', 'inconclusive', 'invalid control', 'as expected'],
      range: [VERDICT_COLORS.supported, VERDICT_COLORS.refuted, VERDICT_COLORS.inconclusive, VERDICT_COLORS['invalid control'], VERDICT_COLORS['as expected']],
    })
    // The difference is in the tooltip.
    expect(points.encoding.tooltip.map((t: { field: string }) => t.field)).toContain('diffText')
    // Rows without g are left out; no row with g, no chart.
    const noG: HypothesisResult = { ...inconclusive, hedgesG: null }
    expect((forestSpec([supported, noG]) as any).data.values).toHaveLength(1)
    expect(forestSpec([noG])).toBeNull()
  })

  it('difference view: one panel per hypothesis with its own axis, the shared interval level in the title', () => {
    const spec = differenceSpec(clip) as Record<string, any>
    expect(spec.title.text).toBe('Differences with 90% CI (metric units)')
    expect(spec.facet.row.field).toBe('label')
    expect(spec.resolve.scale.x).toBe('independent')
    expect(spec.data.values.map((r: { diff: number }) => r.diff)).toEqual([0.11, -0.138, -1.6])
    expect(differenceSpec([{ ...supported, difference: null }])).toBeNull()
  })

  it('learning curves: long-format points per arm; hypotheses on the same metric and arms share a chart', () => {
    expect(curvePoints(supported.arms)).toHaveLength(12)
    expect(curvePoints(supported.arms)[7]).toMatchObject({ arm: 'eps_high=0.2', step: 10 })
    const twin: HypothesisResult = { ...supported, hypothesis: 'same metric and arms' }
    const groups = curveGroups([supported, refuted, inconclusive, twin])
    expect(groups.map((g) => [g.metric, g.hypotheses, g.arms.length])).toEqual([
      ['accuracy (final)', ['H1', 'H4'], 2],
      ['entropy (mean over steps)', ['H2'], 2],
    ])
    const spec = curveSpec({ title: 'entropy', metric: 'entropy', arms: refuted.arms }) as Record<string, any>
    expect(spec.data.values).toHaveLength(2 * 51)
    // Points are drawn on short curves only.
    expect(spec.layer[1].mark.point).toBe(false)
    expect((curveSpec({ title: 'a', metric: 'a', arms: supported.arms }) as any).layer[1].mark.point).toBeTruthy()
    expect(curveSpec({ title: 'none', metric: 'x', arms: inconclusive.arms })).toBeNull()
  })

  it('sweep chart: bands and lines per condition, crossover interval, rule and label', () => {
    const spec = sweepChart(clipSweep) as Record<string, any>
    const [series, band, rule, label] = spec.layer
    expect(series.data.values).toHaveLength(10)
    expect(series.data.values[6]).toEqual({ condition: 'random reward', x: 0.2, mean: 0.7, lo: 0.66, hi: 0.74, text: '0.7 [0.66, 0.74]' })
    expect(series.encoding.color.sort).toEqual(['true reward', 'random reward'])
    expect(band.mark.type).toBe('rect')
    expect(band.data.values[0]).toMatchObject({ x: 0.33, lo: 0.25, hi: 0.42 })
    expect(rule.mark.type).toBe('rule')
    expect(label.mark.type).toBe('text')
    expect(label.data.values[0].text).toBe('crossover 0.33 [0.25, 0.42]')
    expect(spec.title.text).toBe('accuracy (final) over epsilonHigh')
    expect(metaOf(spec as TopLevelSpec)).toEqual({ kind: 'sweep', conditions: 2, points: 10, crossover: true })

    // No crossover: the series only. Unbounded crossover interval: rule and label, no band.
    expect((sweepChart({ ...clipSweep, crossover: undefined }) as any).layer).toHaveLength(1)
    const open = sweepChart({ ...clipSweep, crossover: { x: 0.33, lo: null, hi: Number.NaN } }) as any
    expect(open.layer.map((l: { mark: { type: string } }) => l.mark?.type)).toEqual([undefined, 'rule', 'text'])
    expect(open.layer[2].data.values[0].text).toBe('crossover 0.33')
    // The engine's record: share of bootstrap replicates crossing in the subtitle; no crossover.
    const fromResult = sweepChart(resultSweeps({ ablation: 'x', results: [crossover] })[0]) as any
    expect(fromResult.title).toEqual({
      text: 'accuracy (final) over q',
      subtitle: 'H1 · supported · mean over seeds with 95% band · crossover 0.43 (100% of bootstrap replicates cross)',
    })
    const never = sweepChart({ ...crossover.sweep!, crossover: { x: null, lo: null, hi: null, share: 0.12 } }) as any
    expect(never.layer).toHaveLength(1)
    expect(never.title.subtitle).toBe('no crossover of the means (12% of bootstrap replicates cross)')
    // Log scale for learning rates and the like.
    expect((sweepChart({ ...clipSweep, xScale: 'log' }) as any).layer[0].encoding.x.scale).toEqual({ type: 'log' })
  })

  it('sweep shape errors name the sweep, the condition and the array', () => {
    const bad: SweepChartInput = { ...clipSweep, conditions: [{ ...clipSweep.conditions[0], lo: [0.1, 0.2] }] }
    expect(() => sweepPoints(bad)).toThrow("sweep 'epsilonHigh', condition 'true reward': lo has 2 values for 5 x values")
    expect(() => sweepChart({ ...clipSweep, xs: [] })).toThrow('no x values')
    expect(() => sweepChart({ ...clipSweep, conditions: [] })).toThrow('no conditions')
  })

  it('every spec compiles without warnings and renders in Node with the expected marks', async () => {
    const specs = [
      forestSpec(clip)!,
      forestSpec(spurious)!,
      differenceSpec(clip)!,
      differenceSpec(spurious)!,
      ...curveGroups(allResults).map((g) => curveSpec({ title: g.metric, metric: g.metric, arms: g.arms })!),
      sweepChart(clipSweep),
      sweepChart({ ...clipSweep, crossover: null, xScale: 'log' }),
      ...resultSweeps({ ablation: 'sweeps', results: sweepResults }).map((s) => sweepChart(s)),
      forestSpec(sweepResults)!,
      differenceSpec(sweepResults)!,
    ]
    for (const [i, spec] of specs.entries()) {
      const svg = await renderInNode(spec)
      expectMarks(metaOf(spec), markCountsFromSvg(svg), `spec ${i} (${metaOf(spec).kind})`)
    }
  })
})

describe('the page', () => {
  const groups = fixtureGroups()
  const html = renderHtmlReport(groups, { assets: STUB_ASSETS, generatedAt: '2025-01-02T03:04:05.000Z' })

  it('title, one section per ablation, the summary, the timestamp', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<title>rlvr-ablate report</title>')
    expect(html).toContain('<time datetime="2025-01-02T03:04:05.000Z">')
    expect([...html.matchAll(/<section class="ablation" id="(ablation-\d+)">/g)].map((m) => m[1])).toEqual(['ablation-1', 'ablation-2', 'ablation-3'])
    expect(html).toContain('<h2>Ablation: Clip-higher (DAPO)</h2>')
    expect(html).toContain('<h2>Ablation: Spurious rewards: random reward</h2>')
    expect(html).toContain('wall time 12.3s')
    expect(html).toContain('runs 6 trained, 6 cached')
    expect(html).toContain('~83 seeds per arm would give 80% power at the observed effect')
  })

  it('the hypothesis table holds the terminal table figures', () => {
    const tables = [...html.matchAll(/<table class="hypotheses">([\s\S]*?)<\/table>/g)].map((m) => m[1])
    expect(tables).toHaveLength(3)
    for (const [t, rs] of [
      [tables[0], clip],
      [tables[1], spurious],
    ] as const) {
      const rows = [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1) // skip the head
      expect(rows).toHaveLength(rs.length)
      rs.forEach((r, i) => {
        const text = rows[i][1].replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
        // Every line of every numeric cell of the terminal row appears in the HTML row.
        for (const cell of tableRow(r, { color: false }, true).slice(2)) {
          for (const line of cell.split('\n')) {
            if (/\d/.test(line)) expect(text, `row H${i + 1}`).toContain(line)
          }
        }
      })
    }
    expect(html).toContain('<td class="verdict v-as-expected">refuted (expected)</td>')
    expect(html).toContain('<td class="verdict v-inconclusive">inconclusive</td>')
  })

  it('charts: effects, difference and curves per ablation, the results\' sweeps; specs embedded as built', () => {
    const placeholders = chartPlaceholders(html)
    expect(placeholders.map((p) => p.kind)).toEqual(FIXTURE_CHARTS)
    const specs = embeddedSpecs(html)
    expect(Object.keys(specs)).toEqual(placeholders.map((p) => p.id))
    expect(specs[placeholders[0].id]).toEqual(JSON.parse(JSON.stringify(forestSpec(clip))))
    expect(specs[placeholders[10].id]).toEqual(JSON.parse(JSON.stringify(sweepChart(resultSweeps(groups[2])[0]))))
    // The sweeps ablation has no per-step curves, and says so.
    expect(html.split('<section').at(-1)).toContain('No per-step curves were recorded')
    // Sweeps from elsewhere: another selector.
    const custom = [...DEFAULT_HTML_SECTIONS, sweepSection((g) => (g.ablation === supported.ablation ? [clipSweep] : []))]
    const page = renderHtmlReport(groupByAblation(allResults), { assets: STUB_ASSETS, sections: custom })
    expect(chartPlaceholders(page).map((p) => p.kind)).toEqual([...FIXTURE_CHARTS.slice(0, 4), 'sweep', ...FIXTURE_CHARTS.slice(4, 8)])
  })

  it('references nothing outside the file; escapes names; masks wall times on request', () => {
    expect(html).not.toMatch(/<script[^>]+src=/)
    expect(html).not.toMatch(/<link\b/)
    expect(html).not.toMatch(/<img\b/)
    expect(html).not.toMatch(/@import|url\(/)
    const nasty: HypothesisResult = { ...supported, ablation: '<b>A & B</b>', hypothesis: '</script><script>alert(1)</script>' }
    const page = renderHtmlReport(groupByAblation([nasty]), { assets: STUB_ASSETS, timings: false })
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('Ablation: &lt;b&gt;A &amp; B&lt;/b&gt;')
    expect(page.match(/<\/script>/g)).toHaveLength(5) // the specs, three libraries, the driver
    expect(embeddedSpecs(page)[chartPlaceholders(page)[0].id]).toEqual(JSON.parse(JSON.stringify(forestSpec([nasty]))))
    expect(page).toContain('wall time (masked)')
    expect(page).not.toMatch(/wall time \d/)
  })

  it('script-safe JSON and library text', () => {
    expect(jsonForScript({ a: '</script><!--\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}')
    expect(JSON.parse(jsonForScript({ a: '</script>&' }))).toEqual({ a: '</script>&' })
    expect(scriptSafe('x="</SCRIPT>"')).toBe('x="<\\/SCRIPT>"')
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })

  it('inlines the UMD builds of vega, vega-lite and vega-embed from node_modules', () => {
    const paths = chartAssetPaths()
    for (const p of Object.values(paths)) expect(existsSync(p), p).toBe(true)
    const assets = loadChartAssets()
    expect(assets.vega).toContain('.vega={}')
    expect(assets.vegaLite).toContain('.vegaLite={}')
    expect(assets.vegaEmbed).toContain('.vegaEmbed=')
  })
})

describe('in headless Chromium', () => {
  let context: BrowserContext | undefined
  let profile: string | undefined
  let outDir = ''

  const missing =
    `Chromium not found at ${CHROMIUM}. The HTML report test opens the report in Debian's chromium; ` +
    'install it with: apt-get update && apt-get install -y chromium (or set RLVR_CHROMIUM to a Chromium binary).'

  const skipped =
    `HTML report browser test skipped: no Chromium at ${CHROMIUM}. To run it: apt-get install -y chromium ` +
    '(or set RLVR_CHROMIUM to a Chromium binary); RLVR_REQUIRE_CHROMIUM=1 makes it required.'

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return // the test fails with `missing`, or is skipped
    profile = await mkdtemp(join(tmpdir(), 'rlvr-chromium-profile-'))
    outDir = await mkdtemp(join(tmpdir(), 'rlvr-html-report-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1300, height: 900 },
    })
  }, 30_000)

  afterAll(async () => {
    await context?.close()
    if (profile) await rm(profile, { recursive: true, force: true })
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('opens from file:// without network or errors and draws every chart', async (ctx) => {
    if (!HAS_CHROMIUM && REQUIRE === '1') throw new Error(missing)
    if (!HAS_CHROMIUM) {
      console.warn(skipped)
      ctx.skip(skipped)
    }
    const path = await writeHtmlReport(fixtureGroups(), outDir)
    expect(path).toBe(join(outDir, HTML_REPORT_FILE))
    const html = await readFile(path, 'utf8')
    const placeholders = chartPlaceholders(html)
    const specs = embeddedSpecs(html)
    expect(placeholders.map((p) => p.kind)).toEqual(FIXTURE_CHARTS)

    const page = await context!.newPage()
    const problems: string[] = []
    const requests: string[] = []
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`)
    })
    page.on('request', (req) => requests.push(req.url()))
    const url = pathToFileURL(path).href
    await page.goto(url)
    await page.waitForFunction(() => (window as unknown as { __rlvrReport?: { done: boolean } }).__rlvrReport?.done === true, null, {
      timeout: 15_000,
    })
    const state = await page.evaluate(() => (window as unknown as { __rlvrReport: unknown }).__rlvrReport)
    expect(state).toEqual({ expected: 12, rendered: 12, failed: 0, errors: [], done: true })
    expect(problems).toEqual([])
    expect(requests).toEqual([url]) // the page itself, nothing else

    // Each chart: an SVG whose data marks match the chart's data.
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-rlvr-chart]')).map((el) => {
        const counts: Record<string, number> = {}
        for (const g of Array.from(el.querySelectorAll('svg g.role-mark'))) {
          const type = /mark-(\w+)/.exec(g.getAttribute('class') ?? '')?.[1] ?? '?'
          counts[type] = (counts[type] ?? 0) + g.querySelectorAll(':scope > path, :scope > line, :scope > text, :scope > rect').length
        }
        return { id: el.getAttribute('data-rlvr-chart'), rendered: el.getAttribute('data-rendered'), svgs: el.querySelectorAll('svg').length, counts }
      }),
    )
    expect(drawn.map((d) => d.id)).toEqual(placeholders.map((p) => p.id))
    for (const d of drawn) {
      expect(d.rendered, `chart ${d.id}`).toBe('true')
      expect(d.svgs, `chart ${d.id}`).toBeGreaterThanOrEqual(1)
      expectMarks(metaOf(specs[d.id!]), d.counts, `chart ${d.id}`)
    }

    // Tables: one row per hypothesis.
    expect(await page.locator('table.hypotheses').count()).toBe(3)
    expect(await page.locator('table.hypotheses tbody tr').count()).toBe(allResults.length + sweepResults.length)

    // For the record (before the tooltip covers part of it).
    await mkdir(dirname(SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    console.log(`HTML report screenshot: ${SCREENSHOT}`)

    // The forest plot's tooltip carries the difference.
    const point = page.locator(`#chart-${placeholders[0].id} g.mark-symbol path`).first()
    await point.hover()
    const tooltip = page.locator('#vg-tooltip-element')
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 })
    expect(await tooltip.textContent()).toContain('+0.11 90% [0.0795, 0.141]')

    await page.close()
  }, 30_000)
})
