// npm run results: rebuild the README's results table from reports/*.json (run the suite first).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AblationReport } from '../src/report/json-report.js'
import { renderResultsMarkdown, spliceResults } from '../src/report/results-table.js'
import { readAblationReport } from '../src/report/report-schema.js'

const dir = process.env.RLVR_REPORT_DIR ?? 'reports'
const reports: AblationReport[] = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readAblationReport(join(dir, f)))
const table = renderResultsMarkdown(reports)
writeFileSync('README.md', spliceResults(readFileSync('README.md', 'utf8'), table))
console.log(`README results table: ${reports.reduce((n, r) => n + r.hypotheses.length, 0)} hypotheses from ${reports.length} reports in ${dir}/`)
