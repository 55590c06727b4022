// The W&B panel export (a line plot's menu -> Export -> CSV): wide, one column per run and metric,
//   "Step","<run> - <metric>","<run> - <metric>__MIN","<run> - <metric>__MAX",...
// The first column is the panel's x axis (W&B's Step by default, or the custom x such as
// train/global_step). __MIN/__MAX are the panel's min/max band of its sampled points: for a single
// run they repeat the value, so they are ignored. A grouped panel exports "Group: <name> - <metric>"
// columns, which hold the group's mean, not its runs: refused. Panels sample (up to 1500 points per
// line by default), so a long run's export may skip steps; the sparse-steps warning then says so.
import type { CsvTable } from './csv.js'
import type { Row } from './types.js'

/** Where a column splits: run names may hold " - " too, so the metric is what follows the last one. */
const SEP = ' - '
const BAND = /__(MIN|MAX)$/

export const isPanelHeader = (header: readonly string[]): boolean =>
  header.some((h) => BAND.test(h)) || (header.length >= 2 && header.slice(1).every((h) => h.includes(SEP)) && !header[0].includes(SEP))

export type PanelResult =
  | { ok: true; rows: Row[]; stepColumn: string; runs: string[]; ignored: number }
  | { ok: false; what: string; hint: string; line: number }

/** Wide table -> long rows, one per (record, run) that logged something: { <step column>: n, run: name, <metric>: value }. */
export function readPanel(table: CsvTable, file: string): PanelResult {
  const { header, records } = table
  const xs = header.map((h, i) => ({ h, i })).filter(({ h }) => !h.includes(SEP) && !BAND.test(h))
  if (xs.length !== 1) {
    return {
      ok: false, line: 1,
      what: xs.length === 0 ? 'no x-axis column (every column is "<run> - <metric>")' : `${xs.length} columns are not "<run> - <metric>": ${xs.map((x) => `'${x.h}'`).join(', ')}`,
      hint: 'a panel export has one x-axis column first (Step, or the custom x such as train/global_step), then "<run> - <metric>" columns',
    }
  }
  const x = xs[0]
  const grouped = header.find((h) => h.startsWith('Group: '))
  if (grouped) {
    return { ok: false, line: 1, what: `column '${grouped}' is a group's mean, not a run`, hint: "ungroup the runs in the panel (or the workspace's runs table) before exporting, so each seed has its own column" }
  }
  const columns: { i: number; run: string; metric: string }[] = []
  let ignored = 0
  header.forEach((h, i) => {
    if (i === x.i) return
    if (BAND.test(h)) { ignored++; return }
    const cut = h.lastIndexOf(SEP)
    columns.push({ i, run: h.slice(0, cut).trim(), metric: h.slice(cut + SEP.length).trim() })
  })
  const rows: Row[] = []
  for (const r of records) {
    const byRun = new Map<string, Record<string, unknown>>()
    for (const c of columns) {
      const cell = r.cells[c.i]
      if (cell === undefined || cell.trim() === '') continue
      const f = byRun.get(c.run) ?? {}
      f[c.metric] = cell
      byRun.set(c.run, f)
    }
    for (const [run, f] of byRun) rows.push({ loc: { line: r.line, where: `run '${run}'`, file }, fields: { [x.h]: r.cells[x.i], run, ...f } })
  }
  return { ok: true, rows, stepColumn: x.h, runs: [...new Set(columns.map((c) => c.run))], ignored }
}
