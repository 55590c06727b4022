// The HTML report covers every ablation with a JSON report in the report folder, not only those of
// the last run: a single-file run refreshes its own ablations and keeps the others' sections (read
// back from their JSON reports, which hold every figure the page shows).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isHypothesisResult } from './collect.js'
import type { AblationReport } from './json-report.js'
import type { AblationGroup } from './render.js'

/**
 * This run's groups plus, for every other ablation with a JSON report in `dir`, a group read from
 * it; ordered by ablation name so the page does not depend on which file ran last. `skipped` lists
 * the JSON files that are not readable ablation reports.
 */
export function groupsWithStoredReports(current: readonly AblationGroup[], dir: string): { groups: AblationGroup[]; skipped: string[] } {
  const byName = new Map<string, AblationGroup>()
  const skipped: string[] = []
  let files: string[] = []
  try { files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort() } catch { /* no folder yet */ }
  for (const f of files) {
    let report: Partial<AblationReport>
    try { report = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Partial<AblationReport> } catch { skipped.push(f); continue }
    if (typeof report?.ablation !== 'string' || !Array.isArray(report.hypotheses) || !report.hypotheses.every(isHypothesisResult)) { skipped.push(f); continue }
    byName.set(report.ablation, { ablation: report.ablation, results: report.hypotheses, ...(typeof report.wallTimeMs === 'number' ? { wallTimeMs: report.wallTimeMs } : {}) })
  }
  for (const g of current) byName.set(g.ablation, g)
  const groups = [...byName.values()].sort((a, b) => (a.ablation < b.ablation ? -1 : a.ablation > b.ablation ? 1 : 0))
  return { groups, skipped }
}
