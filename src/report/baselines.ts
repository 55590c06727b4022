// Regression of mechanism claims: a baseline file per ablation (reports/baselines/<slug>.json),
// committed by the researcher. Each run compares every hypothesis with it: a changed verdict is a
// mechanism regression (the test fails); an effect that moved outside the baseline's interval is
// flagged. A missing baseline (or a new hypothesis) is written on first run and said so;
// `vitest -u` (or RLVR_UPDATE_BASELINES=1) rewrites it, as vitest does with snapshots.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { slugify, writeFileAtomic } from './json-report.js'
import type { BaselineCheck, HypothesisResult, Interval, Verdict } from './types.js'

export interface BaselineEntry {
  verdict: Verdict
  difference: { estimate: number; ci: Interval } | null
  hedgesG: { estimate: number; ci: Interval } | null
}

export interface BaselineFile {
  ablation: string
  backend: string
  engineVersion: string
  hypotheses: Record<string, BaselineEntry>
}

/** RLVR_BASELINE_DIR, else reports/baselines under the working directory. */
export const baselineDir = (): string => resolve(process.env.RLVR_BASELINE_DIR ?? join(process.cwd(), 'reports', 'baselines'))
export const baselinePath = (ablation: string, dir = baselineDir()): string => join(dir, `${slugify(ablation)}.json`)

export function readBaseline(ablation: string, dir = baselineDir()): BaselineFile | null {
  const path = baselinePath(ablation, dir)
  if (!existsSync(path)) return null
  try {
    const b = JSON.parse(readFileSync(path, 'utf8')) as BaselineFile
    if (b && typeof b.hypotheses === 'object') return b
  } catch { /* fall through */ }
  throw new Error(`baseline ${path} is not valid JSON of a baseline: fix it, or delete it and rerun to write a new one`)
}

const entryOf = (r: HypothesisResult): BaselineEntry => ({
  verdict: r.verdict,
  difference: r.difference ? { estimate: r.difference.estimate, ci: r.difference.ci } : null,
  hedgesG: r.hedgesG ? { estimate: r.hedgesG.estimate, ci: r.hedgesG.ci } : null,
})

/** Compare one result with its baseline entry. */
export function checkAgainst(r: HypothesisResult, base: BaselineFile | null, update: boolean): BaselineCheck {
  const prev = base?.hypotheses[r.hypothesis]
  const backendNote = base && base.backend !== r.backend ? ` (baseline recorded on backend ${base.backend}, this run on ${r.backend})` : ''
  if (update) return { status: 'updated', previousVerdict: prev?.verdict ?? null, previousEffect: null, backend: base?.backend ?? null, message: 'baseline rewritten' }
  if (!prev) return { status: 'new', previousVerdict: null, previousEffect: null, backend: base?.backend ?? null, message: 'no baseline yet: written now' }
  if (prev.verdict !== r.verdict) {
    return {
      status: 'regression', previousVerdict: prev.verdict, previousEffect: prev.difference, backend: base!.backend,
      message: `mechanism regression: verdict was '${prev.verdict}', now '${r.verdict}'${backendNote}`,
    }
  }
  const d = r.difference?.estimate, ci = prev.difference?.ci
  // An interval that JSON stored as null (NaN: e.g. a sweep crossover's difference) cannot be left.
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
  if (d !== undefined && finite(d) && ci && finite(ci.lo) && finite(ci.hi) && (d < ci.lo || d > ci.hi)) {
    return {
      status: 'moved', previousVerdict: prev.verdict, previousEffect: prev.difference, backend: base!.backend,
      message: `effect moved: difference ${d.toPrecision(3)} is outside the baseline interval [${ci.lo.toPrecision(3)}, ${ci.hi.toPrecision(3)}]${backendNote}`,
    }
  }
  return { status: 'match', previousVerdict: prev.verdict, previousEffect: null, backend: base!.backend, message: `matches the baseline${backendNote}` }
}

/**
 * Check every result of one ablation and write the baseline file where it gained entries (or is
 * being updated). Entries of hypotheses not run this time are kept, except on update, which writes
 * exactly the current ones.
 */
export async function applyBaselines(ablation: string, results: HypothesisResult[], opts: { update: boolean; dir?: string }): Promise<Map<string, BaselineCheck>> {
  const dir = opts.dir ?? baselineDir()
  const base = readBaseline(ablation, dir)
  const checks = new Map(results.map((r) => [r.hypothesis, checkAgainst(r, base, opts.update)]))
  const changed = [...checks.values()].some((c) => c.status === 'new' || c.status === 'updated')
  if (changed && results.length) {
    const kept = opts.update || !base ? {} : base.hypotheses
    const file: BaselineFile = {
      ablation, backend: results[0].backend, engineVersion: results[0].engineVersion,
      hypotheses: { ...kept, ...Object.fromEntries(results.filter((r) => opts.update || checks.get(r.hypothesis)!.status === 'new').map((r) => [r.hypothesis, entryOf(r)])) },
    }
    if (!opts.update && base) { file.backend = base.backend; file.engineVersion = base.engineVersion }
    mkdirSync(dir, { recursive: true })
    await writeFileAtomic(baselinePath(ablation, dir), `${JSON.stringify(file, null, 2)}\n`)
  }
  return checks
}
