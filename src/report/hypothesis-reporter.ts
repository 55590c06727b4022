// vitest 4 reporter for RLVR ablations. Runs beside the default reporter:
//
//   reporters: ['default', new HypothesisReporter()]            // vitest.config.ts
//   reporters: ['default', './src/report/hypothesis-reporter.ts'] // or by path (default export)
//   vitest run --reporter=default --reporter=./src/report/hypothesis-reporter.ts
//
// After the run (onTestRunEnd only, so it works the same on `vitest --merge-reports` of shard
// blobs) it reads every test's meta.rlvr (a HypothesisResult), prints one table per ablation with
// footnotes and a summary, a grand total, and writes <outputDir>/<slug>.json per ablation and
// <outputDir>/index.html (the visual report, html-report.ts) for every ablation with a JSON report
// there (this run's, and the others' read back: all-reports.ts).
// Prints nothing and writes nothing when no test carries meta.rlvr (e.g. the unit project).

import { isAbsolute, join, relative, resolve } from 'node:path'
import type { ColorSupportLevel } from 'chalk'
import type { Reporter, SerializedError, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { collectResults } from './collect.js'
import { detectColorLevel, makeChalk } from './color.js'
import { writeAblationReports } from './json-report.js'
import { writeHtmlReport } from './html-report.js'
import { groupsWithStoredReports } from './all-reports.js'
import { sortModulesForReport, storedGroups } from './shard-stable.js'
import { renderReport, type AblationSection } from './render.js'

export interface HypothesisReporterOptions {
  /**
   * Directory for the JSON reports, relative to vitest's root (default 'reports'). The
   * RLVR_REPORT_DIR environment variable, when set and non-empty, overrides it.
   */
  outputDir?: string
  /** Write the JSON reports (default true). */
  json?: boolean
  /** Write the HTML report, <outputDir>/index.html (default true). See html-report.ts. */
  html?: boolean
  /** Force colour on/off (or a chalk level); default: detected (see color.ts). */
  color?: boolean | ColorSupportLevel
  /** Print wall times (default true); false masks them. */
  timings?: boolean
  /** Blocks printed per ablation between title and summary (default DEFAULT_SECTIONS). */
  sections?: readonly AblationSection[]
  /** Where the text goes (default: vitest's logger, i.e. its stdout). */
  write?: (text: string) => void
}

export const REPORT_DIR_ENV = 'RLVR_REPORT_DIR'
export const DEFAULT_OUTPUT_DIR = 'reports'

export class HypothesisReporter implements Reporter {
  private vitest: Vitest | undefined
  readonly options: HypothesisReporterOptions
  /** Paths of the JSON reports written by the last run. */
  lastWritten: string[] = []
  /** Path of the HTML report written by the last run, if any. */
  lastWrittenHtml: string | null = null

  // vitest passes `{}` (or the tuple's options) when the reporter is given by path.
  constructor(options: HypothesisReporterOptions = {}) {
    this.options = { ...options }
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  /** Output directory: RLVR_REPORT_DIR > options.outputDir > 'reports', absolute (against vitest's root). */
  resolveOutputDir(): string {
    const fromEnv = process.env[REPORT_DIR_ENV]
    const dir = fromEnv !== undefined && fromEnv !== '' ? fromEnv : (this.options.outputDir ?? DEFAULT_OUTPUT_DIR)
    const root = this.vitest?.config.root ?? process.cwd()
    return resolve(root, dir)
  }

  private colorLevel(): ColorSupportLevel {
    if (this.options.color !== undefined) {
      return this.options.color === true ? 1 : this.options.color === false ? 0 : this.options.color
    }
    const stream = this.vitest?.logger.outputStream as { isTTY?: boolean } | undefined
    return detectColorLevel({ isTTY: Boolean(stream ? stream.isTTY : process.stdout.isTTY) })
  }

  private print(text: string): void {
    if (this.options.write) this.options.write(text)
    else if (this.vitest) this.vitest.logger.log(text)
    else process.stdout.write(`${text}\n`)
  }

  private printError(text: string): void {
    if (this.options.write) this.options.write(text)
    else if (this.vitest) this.vitest.logger.error(text)
    else process.stderr.write(`${text}\n`)
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): Promise<void> {
    this.lastWritten = []
    this.lastWrittenHtml = null
    // Shard-stable input (shard-stable.ts): modules by path, not run order; results as a blob
    // stores them (NaN -> null). A merge of shard blobs then prints and writes the same as one run.
    const collected = collectResults(sortModulesForReport(testModules))
    const groups = storedGroups(collected.groups)
    const invalid = collected.invalid
    const color = this.colorLevel()
    const c = makeChalk(color)
    for (const t of invalid) {
      this.printError(c.yellow(`rlvr reporter: ignoring meta.rlvr of "${t.testName}" (${t.moduleId}): not a HypothesisResult`))
    }
    if (groups.length === 0) return

    const lines = ['', renderReport(groups, { color, timings: this.options.timings, sections: this.options.sections })]
    if (reason === 'interrupted') lines.push(c.yellow('(run interrupted: results are partial)'))
    this.print(lines.join('\n'))

    const dir = this.resolveOutputDir()
    if (this.options.json !== false) {
      try {
        this.lastWritten = await writeAblationReports(groups, dir)
      } catch (err) {
        this.printError(c.red(`rlvr reporter: could not write JSON reports to ${dir}: ${(err as Error).message}`))
        process.exitCode = 1
        return
      }
      const names = this.lastWritten.map((p) => relative(dir, p)).join(', ')
      this.print(`JSON reports written to ${displayPath(dir)}: ${names}`)
    }

    // --- HTML report (html-report.ts): one self-contained page for every ablation with a report ---
    if (this.options.html === false) return
    try {
      // With JSON reports off, this run's ablations only (the folder's reports may be stale).
      const all = this.options.json === false ? { groups, skipped: [] } : groupsWithStoredReports(groups, dir)
      for (const f of all.skipped) this.printError(c.yellow(`rlvr reporter: ${join(dir, f)} is not an ablation report: left out of the HTML report`))
      this.lastWrittenHtml = await writeHtmlReport(all.groups, dir, { timings: this.options.timings })
    } catch (err) {
      this.printError(c.red(`rlvr reporter: could not write the HTML report to ${dir}: ${(err as Error).message}`))
      process.exitCode = 1
      return
    }
    this.print(`HTML report written to ${displayPath(this.lastWrittenHtml)}`)
  }
}

/** A path relative to the cwd when it is inside it, absolute otherwise. */
function displayPath(p: string): string {
  const rel = relative(process.cwd(), p)
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? p : rel
}

export default HypothesisReporter
