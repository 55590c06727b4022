// Where docs/results.md gets its figures: per ablation, its JSON report (reports/<slug>.json) where
// one is present and complete, else its committed baseline (reports/baselines/<slug>.json: verdict,
// difference, interval and g only); an ablation that has never run (neither) is listed as not run,
// with its spec's hypotheses. Nothing is typed by hand, and nothing incomplete is published: a report
// that holds fewer hypotheses than its baseline or its spec stops the generator with the ablation's
// name and the command that fixes it.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BaselineFile } from './baselines.js'
import type { AblationReport } from './json-report.js'

/** The suite as collected (`vitest list --json`): per ablation, its file and hypothesis names. */
export type SpecIndex = Map<string, { file: string; hypotheses: string[] }>

export interface ResultsSection {
  ablation: string
  /** The ablation's spec file, relative to the repository (null when the spec was not read). */
  file: string | null
  source:
    | { kind: 'report'; path: string; report: AblationReport }
    /** `stale`: baseline entries of hypotheses the spec no longer declares (left out of the rows). */
    | { kind: 'baseline'; path: string; baseline: BaselineFile; stale: string[] }
    /** Never run: no report, no baseline (the hypotheses are the spec's). */
    | { kind: 'none'; hypotheses: string[] }
}

/** The sections whose report ran under a sequential seeds plan: their reports, in page order. */
export const plannedReports = (sections: readonly ResultsSection[]): AblationReport[] =>
  sections.flatMap((s) => (s.source.kind === 'report' && s.source.report.hypotheses.some((h) => h.sequential) ? [s.source.report] : []))

export class ResultsError extends Error {
  constructor(readonly ablation: string, message: string) {
    super(`✖ ${ablation}: ${message}`)
    this.name = 'ResultsError'
  }
}

/** Every *.json in `dir` that parses as `isX`, with its path (other files are skipped). */
export function readJsonFiles<T>(dir: string, isX: (x: unknown) => x is T): { path: string; value: T }[] {
  let names: string[]
  try { names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort() } catch { return [] }
  return names.flatMap((f) => {
    const path = join(dir, f)
    try {
      const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
      return isX(value) ? [{ path, value }] : []
    } catch { return [] }
  })
}

export const isReport = (x: unknown): x is AblationReport =>
  !!x && typeof x === 'object' && typeof (x as AblationReport).ablation === 'string' && Array.isArray((x as AblationReport).hypotheses)
export const isBaseline = (x: unknown): x is BaselineFile =>
  !!x && typeof x === 'object' && typeof (x as BaselineFile).ablation === 'string' && !!(x as BaselineFile).hypotheses && typeof (x as BaselineFile).hypotheses === 'object'

/**
 * Parse `vitest list --json` output into ablations. A test is "<ablation> > <hypothesis>"; hypothesis
 * names may hold " > " themselves ("D > C ..."), so a known ablation name (from the reports and
 * baselines) that prefixes the test wins, else the first " > " splits.
 */
export function specIndex(list: { name: string; file: string }[], known: Iterable<string>, root: string): SpecIndex {
  const names = [...new Set(known)].sort((a, b) => b.length - a.length)
  const out: SpecIndex = new Map()
  for (const t of list) {
    const ablation = names.find((n) => t.name.startsWith(`${n} > `)) ?? t.name.slice(0, Math.max(0, t.name.indexOf(' > ')))
    if (!ablation) continue
    const file = t.file.startsWith(`${root}/`) ? t.file.slice(root.length + 1) : t.file
    const entry = out.get(ablation) ?? { file, hypotheses: [] }
    entry.hypotheses.push(t.name.slice(ablation.length + 3))
    out.set(ablation, entry)
  }
  return out
}

const rerun = (file: string | null) => (file ? `npx vitest run ${file}` : 'the ablation\'s file with npx vitest run <file>')

/**
 * One section per ablation of the suite, sorted by name. With `spec` null (not collected), the
 * ablations are those with a report or a baseline. Throws ResultsError on anything incomplete.
 */
export function resultsSections(input: {
  reports: { path: string; value: AblationReport }[]
  baselines: { path: string; value: BaselineFile }[]
  spec: SpecIndex | null
}): { sections: ResultsSection[]; warnings: string[] } {
  const warnings: string[] = []
  const reports = new Map<string, { path: string; value: AblationReport }>()
  for (const r of input.reports) {
    const prev = reports.get(r.value.ablation)
    if (prev) warnings.push(`${r.value.ablation}: two reports (${prev.path}, ${r.path}); the newer one is used`)
    if (!prev || String(r.value.generatedAt) > String(prev.value.generatedAt)) reports.set(r.value.ablation, r)
  }
  const baselines = new Map(input.baselines.map((b) => [b.value.ablation, b]))
  const names = input.spec ? [...input.spec.keys()] : [...new Set([...reports.keys(), ...baselines.keys()])]
  if (input.spec) {
    for (const n of new Set([...reports.keys(), ...baselines.keys()])) {
      if (input.spec.has(n)) continue
      if (baselines.has(n)) throw new ResultsError(n, `${baselines.get(n)!.path} is the baseline of an ablation the suite no longer declares: delete it (or restore the ablation)`)
      warnings.push(`${n}: ${reports.get(n)!.path} is the report of an ablation the suite no longer declares; left out`)
    }
  }
  const sections = names.sort((a, b) => a.localeCompare(b)).map((ablation): ResultsSection => {
    const spec = input.spec?.get(ablation) ?? null
    const file = spec?.file ?? null
    const report = reports.get(ablation), baseline = baselines.get(ablation)
    const expected = new Set([...Object.keys(baseline?.value.hypotheses ?? {}), ...(spec?.hypotheses ?? [])])
    if (report) {
      const have = new Set(report.value.hypotheses.map((h) => h.hypothesis))
      const missing = [...expected].filter((h) => !have.has(h))
      if (missing.length) {
        throw new ResultsError(ablation, `${report.path} holds ${have.size} hypotheses, but its ${baseline ? 'baseline and ' : ''}spec declare ${expected.size}; missing: ${missing.map((m) => `'${m}'`).join(', ')} (a partial run, e.g. .only or a filter, wrote it): rerun ${rerun(file)}`)
      }
      return { ablation, file, source: { kind: 'report', path: report.path, report: report.value } }
    }
    if (baseline) {
      const have = new Set(Object.keys(baseline.value.hypotheses))
      const missing = (spec?.hypotheses ?? []).filter((h) => !have.has(h))
      if (missing.length) throw new ResultsError(ablation, `no report, and its baseline ${baseline.path} lacks ${missing.map((m) => `'${m}'`).join(', ')}: run ${rerun(file)}`)
      // A baseline keeps entries of hypotheses that were removed: rows follow the spec where it is known.
      const keep = spec ? new Set(spec.hypotheses) : have
      const stale = [...have].filter((h) => !keep.has(h))
      const hypotheses = Object.fromEntries(Object.entries(baseline.value.hypotheses).filter(([h]) => keep.has(h)))
      return { ablation, file, source: { kind: 'baseline', path: baseline.path, baseline: { ...baseline.value, hypotheses }, stale } }
    }
    if (spec) return { ablation, file, source: { kind: 'none', hypotheses: spec.hypotheses } }
    throw new ResultsError(ablation, `neither a report nor a baseline: run ${rerun(file)}`)
  })
  return { sections, warnings }
}
