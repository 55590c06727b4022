// The hypothesis table's cells, once: what each cell says, line by line. The terminal table
// (render.ts) joins the lines, wraps and dims them; the HTML table (html-sections.ts) puts each line
// in a <div> styled by its role. So both print the same figures by construction.
import { NOT_APPLICABLE, formatInterval, formatNumber, formatP, formatSigned } from './format.js'
import type { ArmSummary, HypothesisResult, Interval } from './types.js'

/**
 * How a line is shown: 'metric' and 'name' are wrapped in the terminal, 'sub' is dimmed there;
 * in HTML 'name', 'sub', 'ci' and 'invalid' carry a class.
 */
export type LineRole = 'metric' | 'name' | 'sub' | 'ci' | 'invalid'
export interface CellLine { text: string; role?: LineRole }
/** A cell: its lines, or null where the figure does not apply (printed as NOT_APPLICABLE). */
export type Cell = CellLine[] | null

/** Column heads, one line each: 'hypothesis', then one per cell of {@link hypothesisCells}, then 'verdict'. */
export const TABLE_HEAD = [
  'hypothesis',
  'metric\ncomparison',
  'arm A\nmean\n[95% CI]',
  'arm B\nmean\n[95% CI]',
  'difference\n[CI]',
  "Hedges' g\n[95% CI]",
  'P(improv.)',
  'p adj',
  'n',
  'verdict',
] as const

/** 0.9 -> "90%", 0.95 -> "95%", 0.975 -> "97.5%"; undefined for a missing or odd level. */
export function formatLevel(level: number | undefined): string | undefined {
  if (level === undefined || !Number.isFinite(level) || level <= 0 || level >= 1) return undefined
  return `${Number((level * 100).toPrecision(4))}%`
}

/**
 * The confidence level of the difference intervals when all rows share one (it is 1 - 2 alpha, so
 * normally 90%): the header then names it; otherwise each cell does.
 */
export function sharedDifferenceLevel(results: readonly HypothesisResult[]): string | null | undefined {
  const levels = new Set(results.filter((r) => r.difference).map((r) => formatLevel(r.difference!.level)))
  if (levels.size === 0) return undefined
  if (levels.size === 1) return [...levels][0] ?? null
  return null
}

/** TABLE_HEAD with the difference column naming the rows' shared interval level, if any. */
export function tableHead(results: readonly HypothesisResult[]): string[] {
  const level = sharedDifferenceLevel(results)
  return TABLE_HEAD.map((h, i) => (i === 4 && level ? `difference\n[${level} CI]` : h))
}

/** Name / mean / [95% t interval] / runs collapsed, if any. */
export function armCell(arm: ArmSummary | undefined): Cell {
  if (!arm) return null
  const lines: CellLine[] = [{ text: arm.name, role: 'name' }, { text: formatNumber(arm.mean) }, { text: formatInterval(arm.ciT), role: 'ci' }]
  if (arm.validity?.collapsed) lines.push({ text: `collapsed ${arm.validity.collapsed}/${arm.validity.values.length}`, role: 'invalid' })
  return lines
}

/** "estimate" over "[lo, hi]" (keeps the numeric columns narrow); `prefix` goes before the interval. */
export function estimateCell(e: { estimate: number; ci: Interval } | null | undefined, prefix = ''): Cell {
  if (!e) return null
  return [{ text: formatSigned(e.estimate) }, { text: `${prefix}${formatInterval(e.ci)}`, role: 'ci' }]
}

/** P(improv.), or for a sign test the share of seeds in the claimed direction over its exact interval. */
export function improvementCell(r: Pick<HypothesisResult, 'probabilityOfImprovement' | 'signTest'>): Cell {
  const s = r.signTest
  if (!s) return [{ text: formatNumber(r.probabilityOfImprovement) }]
  const lines: CellLine[] = [{ text: `${s.claimed}/${s.n} seeds` }, { text: formatInterval(s.ci) }]
  if (s.ties) lines.push({ text: `${s.ties} tie${s.ties > 1 ? 's' : ''}` })
  return lines
}

/** Seeds per arm: one number when the arms agree, else "5/4". */
export function seedsCell(arms: readonly ArmSummary[]): Cell {
  if (arms.length === 0) return null
  const ns = arms.map((a) => a.n)
  return [{ text: ns.every((n) => n === ns[0]) ? String(ns[0]) : ns.join('/') }]
}

/** The verdict's words; a known refutation is "refuted (expected)", an unexpected one names the expectation. */
export function verdictText(r: Pick<HypothesisResult, 'verdict' | 'expectedVerdict'>, sep = ' '): string {
  if (r.expectedVerdict === null || r.expectedVerdict === undefined) return r.verdict
  return r.expectedVerdict === r.verdict ? `${r.verdict}${sep}(expected)` : `${r.verdict}${sep}(expected ${r.expectedVerdict})`
}

/**
 * The figure cells of a row, between the hypothesis and the verdict (TABLE_HEAD's columns 2-9).
 * `levelInHead`: the difference interval's level is printed in the column head, not in the cell.
 */
export function hypothesisCells(r: HypothesisResult, levelInHead: boolean): Cell[] {
  const level = levelInHead ? undefined : formatLevel(r.difference?.level)
  return [
    [{ text: r.metric, role: 'metric' }, { text: r.comparison, role: 'sub' }],
    armCell(r.arms[0]),
    r.arms.length >= 2 ? armCell(r.arms[1]) : null,
    estimateCell(r.difference, level ? `${level} ` : ''),
    estimateCell(r.hedgesG),
    improvementCell(r),
    [{ text: formatP(r.test?.pAdjusted) }],
    seedsCell(r.arms),
  ]
}

/** A cell's lines as plain text, one per line ('-' for a figure that does not apply). */
export function cellText(cell: Cell): string {
  return cell === null ? NOT_APPLICABLE : cell.map((l) => l.text).join('\n')
}
