// What a sequential seeds plan adds to the report: per hypothesis the look that decided it, the
// seeds behind it, the repeated and the sequential (Holm) p-value and the repeated confidence
// interval; per ablation the runs the plan used against training every arm to max. Terminal table
// and HTML section from the same rows. See docs/sequential.md.
import Table from 'cli-table3'
import { makeChalk } from './color.js'
import { formatInterval, formatP, wrapText } from './format.js'
import type { RenderOptions } from './render-options.js'
import type { HypothesisResult } from './types.js'

export const SEQUENTIAL_HEAD = ['hypothesis', 'decided at', 'seeds', 'repeated p', 'seq. p (Holm)', 'repeated CI', 'verdict'] as const

/** One row per hypothesis that ran under a plan. */
export function sequentialRows(results: readonly HypothesisResult[]): string[][] {
  return results.filter((r) => r.sequential).map((r) => {
    const s = r.sequential!
    const when = s.open ? ` (open: ${s.openBy === 'published' ? 'last published look' : 'RLVR_MAX_LOOKS'})` : s.stage < s.looks.length ? ' (early)' : ''
    return [r.hypothesis, `look ${s.stage}/${s.looks.length}${when}`, String(s.seeds), formatP(s.pRepeated), formatP(s.pSequential), s.rci ? formatInterval(s.rci) : '-', r.verdict]
  })
}

/**
 * "plan: looks at 8, 16, ... 48 seeds (O'Brien-Fleming spending) · 120 of 192 runs (72 saved)"; null
 * without a plan. While a hypothesis is open (the invocation stopped early) nothing is saved yet:
 * "... · 96 of 192 runs so far (open)".
 */
export function sequentialSummary(results: readonly HypothesisResult[]): string | null {
  const s = results.find((r) => r.sequential)?.sequential
  if (!s) return null
  const spending = s.spending === 'pocock' ? 'Pocock' : "O'Brien-Fleming"
  const runs = results.map((r) => r.sequential?.runs).find(Boolean)
  const open = results.some((r) => r.sequential?.open)
  const used = !runs ? '' : open ? ` · ${runs.used} of ${runs.max} runs so far (open)` : ` · ${runs.used} of ${runs.max} runs (${runs.max - runs.used} saved)`
  return `plan: looks at ${s.looks.join(', ')} seeds (${spending} spending)${used}`
}

/** The terminal section: the plan, then the per-hypothesis table. */
export function renderSequentialTable(results: readonly HypothesisResult[], opts: RenderOptions): string | null {
  const rows = sequentialRows(results)
  if (rows.length === 0) return null
  const c = makeChalk(opts.color)
  const table = new Table({ head: SEQUENTIAL_HEAD.map((h) => c.bold(h)), style: { head: [], border: [] } })
  for (const [h, ...rest] of rows) table.push([wrapText(h, 40), ...rest])
  return `Sequential ${sequentialSummary(results)}\n${table.toString()}`
}
