// npm run results: write docs/results.md from reports/*.json and reports/baselines/*.json (run the
// suite first: `npm test` writes the linear reports, `npx vitest run ablations` all of them), and the
// README's status of the sequential plans (between its plans-status markers) from the same reports.
// The suite's spec (every ablation and hypothesis) is read with `vitest list --json`, which only
// collects the files (nothing trains); `--spec <file>` reads a saved list instead.
// Exit 1, naming the ablation, when a report is incomplete or an ablation has no source.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { baselineDir } from '../src/report/baselines.js'
import { isBaseline, isReport, readJsonFiles, ResultsError, resultsSections, specIndex } from '../src/report/results-sources.js'
import { renderResultsDoc } from '../src/report/results-table.js'
import { PLANS_STATUS_MARKERS, renderPlansStatus } from '../src/report/plans-status.js'
import { runCost, type RunCost } from '../src/report/run-cost.js'
import type { RunRef } from '../src/report/types.js'
import { readPublishedRun } from '../src/runner/published.js'
import { writeBlock } from './doc-block.js'

const { values: args } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string', default: 'docs/results.md' }, readme: { type: 'string', default: 'README.md' } } })
const root = process.cwd()
const reportDir = resolve(process.env.RLVR_REPORT_DIR || 'reports')
const reports = readJsonFiles(reportDir, isReport)
const baselines = readJsonFiles(baselineDir(), isBaseline)

function listSuite(): { name: string; file: string }[] {
  if (args.spec) return JSON.parse(readFileSync(args.spec, 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'rlvr-results-'))
  try {
    const out = join(dir, 'list.json')
    execFileSync(join(root, 'node_modules', '.bin', 'vitest'), ['list', `--json=${out}`, 'ablations/'], { stdio: ['ignore', 'ignore', 'inherit'] })
    return JSON.parse(readFileSync(out, 'utf8'))
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

/** The committed pilots (reports/pilots/*.json): their runs' CPU seconds, read from the published store. */
function pilotsCost(): { count: number; cost: RunCost } {
  const dir = join(root, 'reports', 'pilots')
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []
  const list = files.flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { runs: { list: RunRef[] } }).runs.list).map((r) => {
    const got = readPublishedRun(r.key)
    if (got.status !== 'hit') throw new ResultsError('pilots', `run ${r.key.slice(0, 12)} (arm ${r.arm}, seed ${r.seed}) of reports/pilots is not in the published store (${got.status}): npx tsx scripts/pilot-spread.ts publish`)
    return { ...r, cpuSeconds: got.record.cpuSeconds }
  })
  return { count: files.length, cost: runCost(list) }
}

const spec = specIndex(listSuite(), [...reports, ...baselines].map((x) => x.value.ablation), root)
try {
  const { sections, warnings } = resultsSections({ reports, baselines, spec })
  for (const w of warnings) console.warn(`warning: ${w}`)
  // No planned report on this machine (a fresh clone before its first run): the README keeps its committed status.
  const status = renderPlansStatus(sections, pilotsCost())
  writeFileSync(args.out!, renderResultsDoc(sections, root))
  if (status) writeBlock(args.readme!, ...PLANS_STATUS_MARKERS, status)
  const n = (k: string) => sections.filter((s) => s.source.kind === k).length
  console.log(`${args.out}: ${sections.length} ablations (${n('report')} from reports in ${reportDir}, ${n('baseline')} from baselines, ${n('none')} not run)`)
} catch (e) {
  if (!(e instanceof ResultsError)) throw e
  console.error(e.message)
  process.exit(1)
}
