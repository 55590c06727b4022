// Chart specs for the HTML report: pure functions, results in, vega-lite spec out. Nothing here
// reads the clock, the environment or the disk, so tests can check the specs (and their data)
// directly; html-report.ts embeds them and vega-embed renders them in the page.
//
// - forestSpec:      one ablation's effect sizes (Hedges' g with its 95% interval), verdict-coloured
// - differenceSpec:  the same rows as differences in metric units, one axis per hypothesis
// - curveSpec:       a metric's per-step curve per arm: mean line and interval band over seeds
// - sweepChart:      a sweep: per-x mean and interval of one or more conditions, with an optional
//                    crossover estimate and its interval (HypothesisResult.sweep has this shape)

import type { TopLevelSpec } from 'vega-lite'
import { NOT_APPLICABLE, formatInterval, formatNumber, formatP, formatSigned } from './format.js'
import { formatLevel, sharedDifferenceLevel } from './cells.js'
import { formatVerdict } from './render.js'
import type { ArmSummary, HypothesisResult, Verdict } from './types.js'

/** Colour classes: the verdict, or 'as expected' for a known refutation that came out as expected. */
export type VerdictCategory = Verdict | 'as expected'

export const VERDICT_CATEGORIES: readonly VerdictCategory[] = ['supported', 'refuted', 'inconclusive', 'invalid control', 'as expected']

/** Same hues as the terminal table: green, red, amber, and cyan for a known refutation. */
export const VERDICT_COLORS: Readonly<Record<VerdictCategory, string>> = {
  supported: '#2e7d32',
  refuted: '#c62828',
  inconclusive: '#b7791f',
  'invalid control': '#8e24aa',
  'as expected': '#00838f',
  // Error rows carry no effect, so no chart draws them: the colour is for completeness.
  error: '#6a1b9a',
}

export function verdictCategory(r: Pick<HypothesisResult, 'verdict' | 'expectedVerdict'>): VerdictCategory {
  return r.expectedVerdict !== null && r.expectedVerdict !== undefined && r.expectedVerdict === r.verdict
    ? 'as expected'
    : r.verdict
}

const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'
const LABEL_LIMIT = 340
const ROW_STEP = 30
const PLOT_WIDTH = 420

/** Shared look: system font, no chart border. ($schema is informational; nothing fetches it.) */
function baseConfig(): Record<string, unknown> {
  return {
    font: FONT,
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e5e5e5' },
    legend: { labelFontSize: 11, titleFontSize: 12 },
    title: { fontSize: 14, subtitleFontSize: 12, anchor: 'start', subtitleColor: '#555' },
  }
}

function verdictColorScale(): { domain: string[]; range: string[] } {
  return { domain: [...VERDICT_CATEGORIES], range: VERDICT_CATEGORIES.map((k) => VERDICT_COLORS[k]) }
}

function finite(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x)
}

/** "H1. <hypothesis>" ("[claim]" marked): unique within an ablation, in table order. */
export function hypothesisLabel(r: HypothesisResult, index: number): string {
  return `H${index + 1}. ${r.kind === 'claim' ? '[claim] ' : ''}${r.hypothesis}`
}

/** One hypothesis as a data row of the forest plots. Figures as numbers; their text as the table prints it. */
export interface ForestRow {
  id: string
  label: string
  hypothesis: string
  metric: string
  comparison: string
  verdict: string
  category: VerdictCategory
  reason: string
  /** Hedges' g and its 95% interval (null when not computed). */
  g: number | null
  gLo: number | null
  gHi: number | null
  /** The difference and its interval at `diffLevel`. */
  diff: number | null
  diffLo: number | null
  diffHi: number | null
  /**
   * Interval ends as drawn: the estimate where an end is missing (a zero-length rule), so every
   * row keeps its point (a facet cell whose interval layer were empty would lose its x scale).
   */
  gLoPlot: number | null
  gHiPlot: number | null
  diffLoPlot: number | null
  diffHiPlot: number | null
  /** Formatted figures for tooltips (the table's text). */
  gText: string
  diffText: string
  pAdjustedText: string
  pImprovementText: string
}

export function forestRows(results: readonly HypothesisResult[]): ForestRow[] {
  return results.map((r, i) => {
    const level = formatLevel(r.difference?.level)
    const g = finite(r.hedgesG?.estimate) ? r.hedgesG!.estimate : null
    const gLo = finite(r.hedgesG?.ci.lo) ? r.hedgesG!.ci.lo : null
    const gHi = finite(r.hedgesG?.ci.hi) ? r.hedgesG!.ci.hi : null
    const diff = finite(r.difference?.estimate) ? r.difference!.estimate : null
    const diffLo = finite(r.difference?.ci.lo) ? r.difference!.ci.lo : null
    const diffHi = finite(r.difference?.ci.hi) ? r.difference!.ci.hi : null
    return {
      id: `H${i + 1}`,
      label: hypothesisLabel(r, i),
      hypothesis: r.hypothesis,
      metric: r.metric,
      comparison: r.comparison,
      verdict: formatVerdict(r, { color: false }),
      category: verdictCategory(r),
      reason: r.reason,
      g,
      gLo,
      gHi,
      diff,
      diffLo,
      diffHi,
      gLoPlot: gLo ?? g,
      gHiPlot: gHi ?? g,
      diffLoPlot: diffLo ?? diff,
      diffHiPlot: diffHi ?? diff,
      gText: r.hedgesG ? `${formatSigned(r.hedgesG.estimate)} ${formatInterval(r.hedgesG.ci)}` : NOT_APPLICABLE,
      diffText: r.difference
        ? `${formatSigned(r.difference.estimate)} ${level ? `${level} ` : ''}${formatInterval(r.difference.ci)}`
        : NOT_APPLICABLE,
      pAdjustedText: formatP(r.test?.pAdjusted),
      pImprovementText: formatNumber(r.probabilityOfImprovement),
    }
  })
}

const FOREST_TOOLTIP = [
  { field: 'label', title: 'hypothesis' },
  { field: 'metric', title: 'metric' },
  { field: 'comparison', title: 'comparison' },
  { field: 'gText', title: "Hedges' g [95% CI]" },
  { field: 'diffText', title: 'difference [CI]' },
  { field: 'pImprovementText', title: 'P(improv.)' },
  { field: 'pAdjustedText', title: 'p adj' },
  { field: 'verdict', title: 'verdict' },
  { field: 'reason', title: 'reason' },
] as const

export interface ForestOptions {
  title?: string
  width?: number
}

/**
 * Forest plot of Hedges' g with its 95% interval, one row per hypothesis (in table order), verdict
 * colour, a dashed line at 0; the tooltip carries the difference with its interval and the other
 * figures. Rows without an effect size are left out; null when no row has one.
 */
export function forestSpec(results: readonly HypothesisResult[], options: ForestOptions = {}): TopLevelSpec | null {
  const rows = forestRows(results).filter((r) => r.g !== null)
  if (rows.length === 0) return null
  const y = {
    field: 'label',
    type: 'nominal',
    sort: rows.map((r) => r.label),
    title: null,
    axis: { labelLimit: LABEL_LIMIT, labelFontSize: 11 },
  } as const
  const color = {
    field: 'category',
    type: 'nominal',
    title: 'verdict',
    scale: verdictColorScale(),
  } as const
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? "Effect sizes: Hedges' g with 95% CI", subtitle: 'hover a row for the difference and the test' },
    width: options.width ?? PLOT_WIDTH,
    height: { step: ROW_STEP },
    config: baseConfig(),
    data: { values: rows as unknown as Record<string, unknown>[] },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
        encoding: { x: { datum: 0, type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', strokeWidth: 2.5 },
        encoding: {
          y,
          x: { field: 'gLoPlot', type: 'quantitative', title: "Hedges' g (95% CI)" },
          x2: { field: 'gHiPlot' },
          color,
          tooltip: [...FOREST_TOOLTIP],
        },
      },
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          y,
          x: { field: 'g', type: 'quantitative', title: "Hedges' g (95% CI)" },
          color,
          tooltip: [...FOREST_TOOLTIP],
        },
      },
    ],
    // Keep the row count in the spec's metadata for the page's self-check.
    usermeta: { rlvr: { kind: 'forest', rows: rows.length } },
  } as TopLevelSpec
}

/**
 * The second view: each hypothesis' difference (treatment minus reference, in its metric's units)
 * with its interval, one small panel per row with its own x axis (metrics differ in scale), a line
 * at 0. Null when no row has a difference.
 */
export function differenceSpec(results: readonly HypothesisResult[], options: ForestOptions = {}): TopLevelSpec | null {
  const rows = forestRows(results).filter((r) => r.diff !== null)
  if (rows.length === 0) return null
  const level = sharedDifferenceLevel(results)
  const color = { field: 'category', type: 'nominal', title: 'verdict', scale: verdictColorScale() } as const
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: options.title ?? `Differences with ${level ?? 'their'} CI (metric units)`,
      subtitle: 'treatment minus reference; one axis per hypothesis',
    },
    config: { ...baseConfig(), facet: { spacing: 6 } },
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: {
      row: {
        field: 'label',
        type: 'nominal',
        sort: rows.map((r) => r.label),
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'left', labelLimit: LABEL_LIMIT, labelFontSize: 11 },
      },
    },
    spec: {
      width: options.width ?? PLOT_WIDTH,
      height: 22,
      layer: [
        {
          mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
          encoding: { x: { datum: 0, type: 'quantitative' } },
        },
        {
          mark: { type: 'rule', strokeWidth: 2.5 },
          encoding: {
            x: { field: 'diffLoPlot', type: 'quantitative', title: null, axis: { tickCount: 5, labelFontSize: 10 } },
            x2: { field: 'diffHiPlot' },
            color,
            tooltip: [...FOREST_TOOLTIP],
          },
        },
        {
          mark: { type: 'point', filled: true, size: 80, opacity: 1 },
          encoding: {
            x: { field: 'diff', type: 'quantitative', title: null },
            color,
            tooltip: [...FOREST_TOOLTIP],
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' }, axis: { x: 'independent' } },
    usermeta: { rlvr: { kind: 'difference', rows: rows.length } },
  } as TopLevelSpec
}

/** One arm's curve as long-format rows. */
export interface CurvePoint {
  arm: string
  step: number
  mean: number | null
  lo: number | null
  hi: number | null
  text: string
}

export function curvePoints(arms: readonly Pick<ArmSummary, 'name' | 'curve'>[]): CurvePoint[] {
  const points: CurvePoint[] = []
  for (const a of arms) {
    const c = a.curve
    if (!c) continue
    const n = Math.min(c.steps.length, c.mean.length, c.lo.length, c.hi.length)
    for (let i = 0; i < n; i++) {
      const mean = finite(c.mean[i]) ? c.mean[i] : null
      const lo = finite(c.lo[i]) ? c.lo[i] : null
      const hi = finite(c.hi[i]) ? c.hi[i] : null
      points.push({ arm: a.name, step: c.steps[i], mean, lo, hi, text: `${formatNumber(mean)} ${formatInterval(lo !== null && hi !== null ? { lo, hi } : null)}` })
    }
  }
  return points
}

export interface CurveInput {
  /** Chart title, e.g. the metric. */
  title: string
  subtitle?: string
  /** y axis title. */
  metric: string
  arms: readonly Pick<ArmSummary, 'name' | 'curve'>[]
  width?: number
  height?: number
}

/** Legend of line-and-band charts: solid symbols (the band's opacity would make them faint). */
const LINE_LEGEND = { orient: 'bottom', labelLimit: 300, symbolOpacity: 1, symbolType: 'circle' } as const

/** Above this many steps per arm the points are left off the lines. */
const MAX_POINTS_SHOWN = 40

/**
 * Learning curves: per arm the mean over seeds (line) and its 95% band (area), x = training step.
 * Null when no arm has a curve.
 */
export function curveSpec(input: CurveInput): TopLevelSpec | null {
  const points = curvePoints(input.arms)
  if (points.length === 0) return null
  const armNames = [...new Set(points.map((p) => p.arm))]
  const maxSteps = Math.max(...armNames.map((a) => points.filter((p) => p.arm === a).length))
  const x = { field: 'step', type: 'quantitative', title: 'step' } as const
  const color = { field: 'arm', type: 'nominal', title: 'arm', sort: armNames, legend: LINE_LEGEND } as const
  const tooltip = [
    { field: 'arm', title: 'arm' },
    { field: 'step', title: 'step' },
    { field: 'text', title: 'mean [95% CI]' },
  ]
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: input.subtitle ? { text: input.title, subtitle: input.subtitle } : { text: input.title },
    width: input.width ?? 360,
    height: input.height ?? 200,
    config: baseConfig(),
    data: { values: points as unknown as Record<string, unknown>[] },
    encoding: { x, color },
    layer: [
      {
        transform: [{ filter: 'datum.lo != null && datum.hi != null' }],
        mark: { type: 'area', opacity: 0.18 },
        encoding: { y: { field: 'lo', type: 'quantitative', title: input.metric, scale: { zero: false } }, y2: { field: 'hi' } },
      },
      {
        transform: [{ filter: 'datum.mean != null' }],
        mark: { type: 'line', strokeWidth: 2, point: maxSteps <= MAX_POINTS_SHOWN ? { filled: true, size: 30 } : false },
        encoding: { y: { field: 'mean', type: 'quantitative', title: input.metric }, tooltip },
      },
    ],
    usermeta: { rlvr: { kind: 'curve', arms: armNames.length, points: points.length } },
  } as TopLevelSpec
}

/**
 * The curves an ablation can draw: one per distinct (metric, arms' curves), labelled with the
 * hypotheses that share it (several hypotheses often compare the same arms on the same metric).
 */
export interface CurveGroup {
  metric: string
  hypotheses: string[]
  arms: Pick<ArmSummary, 'name' | 'curve'>[]
}

export function curveGroups(results: readonly HypothesisResult[]): CurveGroup[] {
  const byKey = new Map<string, CurveGroup>()
  results.forEach((r, i) => {
    const arms = r.arms.filter((a) => a.curve && a.curve.steps.length > 0).map((a) => ({ name: a.name, curve: a.curve }))
    if (arms.length === 0) return
    const key = JSON.stringify([r.metric, arms])
    const g = byKey.get(key)
    if (g) g.hypotheses.push(`H${i + 1}`)
    else byKey.set(key, { metric: r.metric, hypotheses: [`H${i + 1}`], arms })
  })
  return [...byKey.values()]
}

// ---------------------------------------------------------------------------------------------
// Sweeps: x values, per-x means and intervals per condition, and a crossover estimate with its
// interval, as src/dsl/evaluate.ts records them in HypothesisResult.sweep (SweepChartInput accepts
// that record as is, plus titles). The HTML report draws them with sweepChart (html-report.ts:
// sweepSection(resultSweeps)); other sources of sweeps can pass their own selector.

export interface SweepCondition {
  name: string
  /** Per x: the mean over seeds and its interval (null or non-finite where there is none). */
  mean: readonly (number | null)[]
  lo: readonly (number | null)[]
  hi: readonly (number | null)[]
}

export interface SweepChartInput {
  /** The swept parameter, e.g. 'learningRate' (the x axis title). */
  param: string
  xs: readonly number[]
  conditions: readonly SweepCondition[]
  /**
   * Where the conditions cross, with its interval (x null: the means never cross); `share` = share
   * of bootstrap replicates that cross. HypothesisResult.sweep (types.ts) has this shape.
   */
  crossover?: { x: number | null; lo: number | null; hi: number | null; share?: number } | null
  /** y axis title (default 'metric'). */
  metric?: string
  title?: string
  subtitle?: string
  /** x scale (default 'linear'; 'log' for learning rates and the like). */
  xScale?: 'linear' | 'log'
  width?: number
  height?: number
}

export interface SweepPoint {
  condition: string
  x: number
  mean: number | null
  lo: number | null
  hi: number | null
  text: string
}

/** Checks the shape (every array as long as xs) and returns the long-format rows. */
export function sweepPoints(input: Pick<SweepChartInput, 'param' | 'xs' | 'conditions'>): SweepPoint[] {
  const n = input.xs.length
  if (n === 0) throw new Error(`sweep '${input.param}': no x values`)
  if (input.conditions.length === 0) throw new Error(`sweep '${input.param}': no conditions`)
  const points: SweepPoint[] = []
  for (const c of input.conditions) {
    for (const key of ['mean', 'lo', 'hi'] as const) {
      if (c[key].length !== n) {
        throw new Error(`sweep '${input.param}', condition '${c.name}': ${key} has ${c[key].length} values for ${n} x values`)
      }
    }
    for (let i = 0; i < n; i++) {
      const mean = finite(c.mean[i]) ? c.mean[i] : null
      const lo = finite(c.lo[i]) ? c.lo[i] : null
      const hi = finite(c.hi[i]) ? c.hi[i] : null
      points.push({
        condition: c.name,
        x: input.xs[i],
        mean,
        lo,
        hi,
        text: `${formatNumber(mean)} ${formatInterval(lo !== null && hi !== null ? { lo, hi } : null)}`,
      })
    }
  }
  return points
}

/**
 * A sweep: per condition the mean (line and points) and its interval (band) at each x; with a
 * crossover, a shaded band over its interval, a dashed rule at the estimate and a label.
 */
export function sweepChart(input: SweepChartInput): TopLevelSpec {
  const points = sweepPoints(input)
  const names = input.conditions.map((c) => c.name)
  const xScale = input.xScale === 'log' ? { type: 'log' as const } : { zero: false }
  const x = { field: 'x', type: 'quantitative', title: input.param, scale: xScale } as const
  const color = { field: 'condition', type: 'nominal', title: 'condition', sort: names, legend: LINE_LEGEND } as const
  const metric = input.metric ?? 'metric'
  const tooltip = [
    { field: 'condition', title: 'condition' },
    { field: 'x', title: input.param },
    { field: 'text', title: 'mean [CI]' },
  ]
  const layers: unknown[] = []
  const cross = input.crossover
  const share = cross && finite(cross.share) ? ` (${Math.round(cross.share * 100)}% of bootstrap replicates cross)` : ''
  let subtitle = input.subtitle
  if (cross && !finite(cross.x)) subtitle = [subtitle, `no crossover of the means${share}`].filter(Boolean).join(' · ')
  if (cross && finite(cross.x)) {
    const crossText = `crossover ${formatNumber(cross.x)}${finite(cross.lo) && finite(cross.hi) ? ` ${formatInterval({ lo: cross.lo, hi: cross.hi })}` : ''}`
    if (share) subtitle = [subtitle, `crossover ${formatNumber(cross.x)}${share}`].filter(Boolean).join(' · ')
    const crossData = { values: [{ x: cross.x as number, lo: finite(cross.lo) ? cross.lo : null, hi: finite(cross.hi) ? cross.hi : null, text: crossText }] }
    if (finite(cross.lo) && finite(cross.hi)) {
      layers.push({
        data: crossData,
        mark: { type: 'rect', color: '#7a7a7a', opacity: 0.15 },
        encoding: { x: { field: 'lo', type: 'quantitative', scale: xScale, title: input.param }, x2: { field: 'hi' }, tooltip: [{ field: 'text', title: 'crossover' }] },
      })
    }
    layers.push(
      {
        data: crossData,
        mark: { type: 'rule', strokeDash: [6, 4], color: '#333', strokeWidth: 1.5 },
        encoding: { x: { field: 'x', type: 'quantitative', scale: xScale, title: input.param }, tooltip: [{ field: 'text', title: 'crossover' }] },
      },
      {
        data: crossData,
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 2, y: 0, fontSize: 11, color: '#333' },
        encoding: { x: { field: 'x', type: 'quantitative', scale: xScale, title: input.param }, text: { field: 'text' } },
      },
    )
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: input.title ?? `${metric} over ${input.param}`,
      ...(subtitle ? { subtitle } : {}),
    },
    width: input.width ?? 420,
    height: input.height ?? 240,
    config: baseConfig(),
    layer: [
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        encoding: { x, color },
        layer: [
          {
            transform: [{ filter: 'datum.lo != null && datum.hi != null' }],
            mark: { type: 'area', opacity: 0.18 },
            encoding: { y: { field: 'lo', type: 'quantitative', title: metric, scale: { zero: false } }, y2: { field: 'hi' } },
          },
          {
            transform: [{ filter: 'datum.mean != null' }],
            mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 40 } },
            encoding: { y: { field: 'mean', type: 'quantitative', title: metric }, tooltip },
          },
        ],
      },
      ...layers,
    ],
    usermeta: { rlvr: { kind: 'sweep', conditions: names.length, points: points.length, crossover: Boolean(cross && finite(cross.x)) } },
  } as TopLevelSpec
}
