// Pure rendering of hypothesis results: HypothesisResult[] in, string out. With `color: false` the
// output has no ANSI escape codes (snapshot-able, CI logs); with `color: true` (or a chalk level)
// verdicts and headings are coloured. Nothing here reads the environment, the clock or the disk.

import Table from 'cli-table3'
import type { ChalkInstance } from 'chalk'
import { makeChalk } from './color.js'
import { renderControlsTable } from './render-claims.js'
import { renderBaselineNotes } from './render-baselines.js'
import { renderErrorNotes } from './render-errors.js'
import { renderSources } from './render-sources.js'
import { powerNote } from './power-note.js'
import { renderSequentialTable, sequentialSummary } from './render-sequential.js'
import { NOT_APPLICABLE, distinct, formatDuration, formatNumber, formatSeedRanges, wrapText } from './format.js'
import { hypothesisCells, sharedDifferenceLevel, tableHead, verdictText, type Cell } from './cells.js'
import type { HypothesisResult, Verdict } from './types.js'
import type { RenderOptions } from './render-options.js'

/** The results of one ablation, plus what vitest measured for it. */
export interface AblationGroup {
  ablation: string
  results: HypothesisResult[]
  /** Wall time of the ablation in ms (see collect.ts for how it is measured), if known. */
  wallTimeMs?: number
}

/**
 * A block printed for each ablation between the table and the summary line; returns null to print
 * nothing. EXTENSION POINT: the controls table for `kind: 'claim'` rows will be such a section,
 * added to DEFAULT_SECTIONS after renderAblationTable (or passed to the reporter's `sections`).
 */
export type AblationSection = (results: HypothesisResult[], opts: RenderOptions) => string | null

const HYPOTHESIS_WIDTH = 30
const METRIC_WIDTH = 20
const ARM_NAME_WIDTH = 22
const NEUTRAL = 'cyan' as const

/** Groups by `ablation`, ablations and rows in order of first appearance. */
export function groupByAblation(results: Iterable<HypothesisResult>): AblationGroup[] {
  const groups = new Map<string, AblationGroup>()
  for (const r of results) {
    let g = groups.get(r.ablation)
    if (!g) {
      g = { ablation: r.ablation, results: [] }
      groups.set(r.ablation, g)
    }
    g.results.push(r)
  }
  return [...groups.values()]
}

function chalkFor(opts: RenderOptions): ChalkInstance {
  return makeChalk(opts.color)
}

/** Every seed any arm of any row used, sorted and de-duplicated. */
export function ablationSeeds(results: readonly HypothesisResult[]): number[] {
  const seeds = new Set<number>()
  for (const r of results) for (const arm of r.arms) for (const s of arm.seeds) seeds.add(s)
  return [...seeds].sort((a, b) => a - b)
}

/** "<ablation>  organism X · backend Y · seeds 0-4 (n=5)" */
export function renderTitle(results: readonly HypothesisResult[], opts: RenderOptions): string {
  const c = chalkFor(opts)
  const name = results[0]?.ablation ?? NOT_APPLICABLE
  const seeds = ablationSeeds(results)
  const parts = [
    `organism ${distinct(results.map((r) => r.organism))}`,
    `backend ${distinct(results.map((r) => r.backend))}`,
    `seeds ${formatSeedRanges(seeds)} (n=${seeds.length})`,
  ]
  return `${c.bold(`Ablation: ${name}`)}  ${c.dim(parts.join(' · '))}`
}

function verdictColor(c: ChalkInstance, v: Verdict): ChalkInstance {
  return v === 'supported' ? c.green : v === 'refuted' ? c.red : v === 'invalid control' ? c.magenta : v === 'error' ? c.red.bold : c.yellow
}

/** The verdict cell: coloured verdict; a known refutation is "refuted (expected)" in a neutral colour. */
export function formatVerdict(
  r: Pick<HypothesisResult, 'verdict' | 'expectedVerdict'>,
  opts: RenderOptions,
  sep = ' ',
): string {
  const c = chalkFor(opts)
  const text = verdictText(r, sep)
  if (r.expectedVerdict === null || r.expectedVerdict === undefined) return verdictColor(c, r.verdict)(text)
  // Expected one verdict, got another: the vitest test fails; flag it.
  return r.expectedVerdict === r.verdict ? c[NEUTRAL](text) : verdictColor(c, r.verdict).bold(text)
}

/** A cell as the terminal prints it: lines joined, names wrapped, the comparison dimmed. */
function terminalCell(cell: Cell, c: ChalkInstance): string {
  if (cell === null) return NOT_APPLICABLE
  return cell.map((l) => (l.role === 'name' ? wrapText(l.text, ARM_NAME_WIDTH)
    : l.role === 'metric' ? wrapText(l.text, METRIC_WIDTH)
      : l.role === 'sub' ? c.dim(l.text) : l.text)).join('\n')
}

function hypothesisCell(r: HypothesisResult): string {
  const label = r.kind === 'claim' ? `[claim] ${r.hypothesis}` : r.hypothesis
  return wrapText(label, HYPOTHESIS_WIDTH)
}

/**
 * The cells of one table row (cells.ts), uncoloured except for the verdict. `levelInHead`: the
 * difference interval's level is printed in the column head, not in the cell.
 */
export function tableRow(r: HypothesisResult, opts: RenderOptions, levelInHead = false): string[] {
  const c = chalkFor(opts)
  return [hypothesisCell(r), ...hypothesisCells(r, levelInHead).map((cell) => terminalCell(cell, c)), formatVerdict(r, opts, '\n')]
}

/**
 * One row per hypothesis (claims included, marked "[claim]"). Arm cells are name / mean /
 * [95% t interval]; estimate cells are estimate / [interval]; the metric cell is the metric over
 * the comparison.
 */
export function renderAblationTable(results: readonly HypothesisResult[], opts: RenderOptions): string {
  const c = chalkFor(opts)
  const levelInHead = Boolean(sharedDifferenceLevel(results))
  const table = new Table({
    head: tableHead(results).map((h) => c.bold(h)),
    // Colours come from chalk (so level 0 really is plain): no cli-table3 styling.
    style: { head: [], border: [] },
  })
  for (const r of results) table.push(tableRow(r, opts, levelInHead))
  return table.toString()
}

/** Footnotes for inconclusive rows, one line each; null when there are none. */
export function renderFootnotes(results: readonly HypothesisResult[], opts: RenderOptions): string | null {
  const c = chalkFor(opts)
  const lines = results
    .filter((r) => r.verdict === 'inconclusive')
    .map((r) => {
      return `  ${c.yellow('*')} ${r.hypothesis}: inconclusive; ${powerNote(r)}`
    })
  const collapsed = results.flatMap((r) => r.arms).filter((a, i, all) => a.validity?.collapsed && all.findIndex((b) => b.name === a.name) === i)
    .map((a) => `  ${c.magenta('*')} arm '${a.name}': ${a.validity!.collapsed}/${a.validity!.values.length} runs collapsed (${a.validity!.measure} < ${a.validity!.threshold} at the final evaluation; min ${formatNumber(a.validity!.min)})`)
  const all = [...lines, ...collapsed]
  return all.length === 0 ? null : all.join('\n')
}

export interface VerdictCounts {
  total: number
  supported: number
  refuted: number
  inconclusive: number
  /** Comparisons whose control arm has collapsed runs. */
  invalidControl: number
  /** Rows that could not be evaluated (verdict 'error'). */
  error: number
  /** Rows whose expectedVerdict is set and matched (known refutations). */
  expected: number
  /** Rows whose expectedVerdict is set and did not match. */
  unexpected: number
}

export function countVerdicts(results: readonly HypothesisResult[]): VerdictCounts {
  const counts: VerdictCounts = { total: 0, supported: 0, refuted: 0, inconclusive: 0, invalidControl: 0, error: 0, expected: 0, unexpected: 0 }
  for (const r of results) {
    counts.total++
    if (r.verdict === 'invalid control') counts.invalidControl++
    else counts[r.verdict]++
    if (r.expectedVerdict !== null && r.expectedVerdict !== undefined) {
      if (r.expectedVerdict === r.verdict) counts.expected++
      else counts.unexpected++
    }
  }
  return counts
}

/** Element-wise sum of two verdict counts. */
export function addCounts(a: VerdictCounts, b: VerdictCounts): VerdictCounts {
  return {
    total: a.total + b.total,
    supported: a.supported + b.supported,
    refuted: a.refuted + b.refuted,
    inconclusive: a.inconclusive + b.inconclusive,
    invalidControl: (a.invalidControl ?? 0) + (b.invalidControl ?? 0),
    error: (a.error ?? 0) + (b.error ?? 0),
    expected: a.expected + b.expected,
    unexpected: a.unexpected + b.unexpected,
  }
}

export type RunCounts = HypothesisResult['runs']

/**
 * Runs behind one ablation. Its hypotheses share runs, so this is the element-wise max over its
 * rows (not the sum).
 */
export function ablationRuns(results: readonly HypothesisResult[]): RunCounts {
  const runs: RunCounts = { trained: 0, cached: 0, total: 0 }
  for (const r of results) {
    if (!r.runs) continue
    runs.trained = Math.max(runs.trained, r.runs.trained ?? 0)
    runs.cached = Math.max(runs.cached, r.runs.cached ?? 0)
    runs.total = Math.max(runs.total, r.runs.total ?? 0)
    if (r.runs.published) runs.published = Math.max(runs.published ?? 0, r.runs.published)
    if (r.runs.spotChecked) runs.spotChecked = Math.max(runs.spotChecked ?? 0, r.runs.spotChecked)
  }
  return runs
}

function countsText(k: VerdictCounts, c: ChalkInstance): string {
  const parts = [
    c.green(`${k.supported} supported`),
    c.red(`${k.refuted} refuted`) + (k.expected > 0 ? ` (${k.expected} expected)` : ''),
    c.yellow(`${k.inconclusive} inconclusive`),
  ]
  if (k.invalidControl > 0) parts.push(c.magenta(`${k.invalidControl} invalid control`))
  if (k.error > 0) parts.push(c.red.bold(`${k.error} error${k.error === 1 ? '' : 's'}`))
  if (k.unexpected > 0) parts.push(c.red.bold(`${k.unexpected} not as expected`))
  return parts.join(', ')
}

/** "runs 3 trained (2 spot checks of published runs), 10 cached, 27 published" (the last two parts only when non-zero). */
export function runsText(runs: RunCounts): string {
  const spot = runs.spotChecked ? ` (${plural(runs.spotChecked, 'spot check')} of published runs)` : ''
  return `runs ${runs.trained} trained${spot}, ${runs.cached} cached${runs.published ? `, ${runs.published} published` : ''}`
}

function timeText(ms: number | undefined, opts: RenderOptions): string | null {
  if (opts.timings === false) return 'wall time (masked)'
  if (ms === undefined || !Number.isFinite(ms)) return null
  return `wall time ${formatDuration(ms)}`
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** "<ablation>: 1 supported, 1 refuted (1 expected), 0 inconclusive · runs 6 trained, 0 cached · wall time 12.3s" */
export function renderSummary(
  results: readonly HypothesisResult[],
  opts: RenderOptions & { wallTimeMs?: number },
): string {
  const c = chalkFor(opts)
  const name = results[0]?.ablation ?? NOT_APPLICABLE
  const parts = [
    `${c.bold(name)}: ${plural(results.length, 'hypothesis', 'hypotheses')} — ${countsText(countVerdicts(results), c)}`,
    runsText(ablationRuns(results)),
  ]
  const plan = sequentialSummary(results)
  if (plan) parts.push(plan.replace(/^plan: looks at .*?\) · /, 'plan '))
  const t = timeText(opts.wallTimeMs, opts)
  if (t) parts.push(t)
  return parts.join(' · ')
}

/** "Total: 2 ablations, 5 hypotheses — ... · runs ... · wall time ..." (runs and time summed over ablations). */
export function renderGrandTotal(groups: readonly AblationGroup[], opts: RenderOptions): string {
  const c = chalkFor(opts)
  let counts = countVerdicts([])
  const runs: RunCounts = { trained: 0, cached: 0, total: 0 }
  let ms: number | undefined
  for (const g of groups) {
    counts = addCounts(counts, countVerdicts(g.results))
    const r = ablationRuns(g.results)
    runs.trained += r.trained
    runs.cached += r.cached
    runs.total += r.total
    if (r.published) runs.published = (runs.published ?? 0) + r.published
    if (r.spotChecked) runs.spotChecked = (runs.spotChecked ?? 0) + r.spotChecked
    if (g.wallTimeMs !== undefined && Number.isFinite(g.wallTimeMs)) ms = (ms ?? 0) + g.wallTimeMs
  }
  const parts = [
    `${c.bold('Total')}: ${plural(groups.length, 'ablation')}, ${plural(counts.total, 'hypothesis', 'hypotheses')} — ${countsText(counts, c)}`,
    runsText(runs),
  ]
  const t = timeText(ms, opts)
  if (t) parts.push(t)
  return parts.join(' · ')
}

export const DEFAULT_SECTIONS: readonly AblationSection[] = [
  renderAblationTable,
  renderControlsTable,
  renderSequentialTable,
  renderFootnotes,
  renderErrorNotes,
  renderBaselineNotes,
  renderSources,
]

export interface RenderReportOptions extends RenderOptions {
  /** Blocks between title and summary; default DEFAULT_SECTIONS. */
  sections?: readonly AblationSection[]
}

/** Title, sections (table, footnotes, ...), summary line. */
export function renderAblation(group: AblationGroup, opts: RenderReportOptions): string {
  const blocks = [renderTitle(group.results, opts)]
  for (const section of opts.sections ?? DEFAULT_SECTIONS) {
    const s = section(group.results, opts)
    if (s !== null && s !== '') blocks.push(s)
  }
  blocks.push(renderSummary(group.results, { ...opts, wallTimeMs: group.wallTimeMs }))
  return blocks.join('\n')
}

/** Every ablation, a blank line apart, then the grand total. Empty string for no groups. */
export function renderReport(groups: readonly AblationGroup[], opts: RenderReportOptions): string {
  if (groups.length === 0) return ''
  return [...groups.map((g) => renderAblation(g, opts)), renderGrandTotal(groups, opts)].join('\n\n')
}
