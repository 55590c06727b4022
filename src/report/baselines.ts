// Regression of mechanism claims: a baseline file per ablation (reports/baselines/<slug>.json),
// committed by the researcher. Each run compares every hypothesis with it: a changed verdict is a
// mechanism regression (the test fails); an effect that moved outside the baseline's interval is
// flagged. A missing baseline (or a new hypothesis) is written on first run and said so;
// `vitest -u` (or RLVR_UPDATE_BASELINES=1) rewrites it, as vitest does with snapshots.
// The file stores the ablation's full name and spec file: two ablations whose names slugify alike
// would share it, and that is a clear error, not a regression. Only judged verdicts (supported,
// refuted, inconclusive) are written: never an evaluation error, never a claim missing a control.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { slugify, writeFileAtomic } from './json-report.js'
import { StoredEffectSchema } from './stored.js'
import type { BaselineCheck, HypothesisResult } from './types.js'
import type { TestVerdict } from '../stats/decide.js'
import { precision } from '../util/format-number.js'

const Effect = StoredEffectSchema.nullable()
const JUDGED = ['supported', 'refuted', 'inconclusive'] as const satisfies readonly TestVerdict[]
const BaselineEntrySchema = z.object({ verdict: z.enum(JUDGED), difference: Effect, hedgesG: Effect })
export const BaselineFileSchema = z.object({
  ablation: z.string().min(1),
  /** The spec file that declares the ablation (absent in files written before it was stored). */
  file: z.string().optional(),
  backend: z.string(),
  engineVersion: z.string(),
  hypotheses: z.record(z.string(), BaselineEntrySchema),
})

/** One hypothesis of a baseline file, as JSON stores it (a NaN bound comes back as null). */
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>
export type BaselineFile = z.infer<typeof BaselineFileSchema>

/** Thrown when the baseline file of an ablation belongs to another ablation (same slug). */
export class BaselineClashError extends Error {
  readonly code = 'RLVR_BASELINE_CLASH'
  constructor(path: string, ablation: string, file: string | undefined, other: BaselineFile) {
    super(`baseline ${path} belongs to ablation '${other.ablation}'${other.file ? ` (${other.file})` : ''}, not to '${ablation}'${file ? ` (${file})` : ''}: ` +
      `their names give the same file name. Rename one of the two ablations so the names differ in letters or digits (the file name keeps only those)` +
      `${other.file && other.file !== file ? `, or, if '${other.file}' no longer declares it, delete ${path} and rerun` : ''}`)
    this.name = 'BaselineClashError'
  }
}

/** Only these verdicts are baseline material: an error, or a claim missing a control, is not. */
export const isBaselineVerdict = (r: HypothesisResult): boolean =>
  (JUDGED as readonly string[]).includes(r.verdict) && !(r.controls ?? []).some((k) => !k.present) && !r.sequential?.open

/** RLVR_BASELINE_DIR, else reports/baselines under the working directory. */
export const baselineDir = (): string => resolve(process.env.RLVR_BASELINE_DIR ?? join(process.cwd(), 'reports', 'baselines'))
export const baselinePath = (ablation: string, dir = baselineDir()): string => join(dir, `${slugify(ablation)}.json`)

/**
 * The baseline of this ablation, read through BaselineFileSchema and checked to be this
 * ablation's: a file stored under another full name (or declared by another, still existing spec
 * file) throws BaselineClashError.
 */
export function readBaseline(ablation: string, dir = baselineDir(), file?: string): BaselineFile | null {
  const path = baselinePath(ablation, dir)
  if (!existsSync(path)) return null
  let json: unknown
  try { json = JSON.parse(readFileSync(path, 'utf8')) } catch (e) {
    throw new Error(`baseline ${path} is not valid JSON (${(e as Error).message}): fix it, or delete it and rerun to write a new one`)
  }
  const parsed = BaselineFileSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new Error(`baseline ${path} is not a baseline file (${issues}): fix it, or delete it and rerun to write a new one`)
  }
  const b = parsed.data
  if (b.ablation !== ablation) throw new BaselineClashError(path, ablation, file, b)
  // Same name declared in two spec files: a clash while the other file still declares it (a moved
  // spec leaves no such file behind).
  if (file && b.file && b.file !== file && declares(b.file, ablation)) throw new BaselineClashError(path, ablation, file, b)
  return b
}

function declares(specFile: string, ablation: string): boolean {
  try { return readFileSync(resolve(specFile), 'utf8').includes(ablation) } catch { return false }
}

// Only judged verdicts reach here (isBaselineVerdict).
const entryOf = (r: HypothesisResult): BaselineEntry => ({
  verdict: r.verdict as TestVerdict,
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
      message: `effect moved: difference ${precision(d)} is outside the baseline interval [${precision(ci.lo)}, ${precision(ci.hi)}]${backendNote}`,
    }
  }
  return { status: 'match', previousVerdict: prev.verdict, previousEffect: null, backend: base!.backend, message: `matches the baseline${backendNote}` }
}

/**
 * Check every result of one ablation and write the baseline file where it gained entries (or is
 * being updated). Entries of hypotheses not run this time are kept, except on update, which writes
 * exactly the current ones.
 */
export async function applyBaselines(
  ablation: string, all: HypothesisResult[],
  opts: { update: boolean; dir?: string; file?: string; unjudged?: string[]; declared?: string[] },
): Promise<Map<string, BaselineCheck>> {
  const dir = opts.dir ?? baselineDir()
  const base = readBaseline(ablation, dir, opts.file)
  // Entries no hypothesis of the file names any more: kept (an update drops them), but said, so a
  // renamed or removed hypothesis does not leave its old verdict in the baseline unnoticed.
  const stale = base && opts.declared && !opts.update ? Object.keys(base.hypotheses).filter((h) => !opts.declared!.includes(h)) : []
  // Errors and blocked claims are neither checked nor written; their old entries stay.
  const results = all.filter(isBaselineVerdict)
  const keep = new Set([...(opts.unjudged ?? []), ...all.filter((r) => !isBaselineVerdict(r)).map((r) => r.hypothesis)])
  const checks = new Map(results.map((r) => [r.hypothesis, { ...checkAgainst(r, base, opts.update), ...(stale.length ? { stale } : {}) }]))
  const changed = [...checks.values()].some((c) => c.status === 'new' || c.status === 'updated')
  if (changed && results.length) {
    const kept = !base ? {} : opts.update ? Object.fromEntries(Object.entries(base.hypotheses).filter(([h]) => keep.has(h))) : base.hypotheses
    const file: BaselineFile = {
      ablation, ...(opts.file ? { file: opts.file } : {}), backend: results[0].backend, engineVersion: results[0].engineVersion,
      hypotheses: { ...kept, ...Object.fromEntries(results.filter((r) => opts.update || checks.get(r.hypothesis)!.status === 'new').map((r) => [r.hypothesis, entryOf(r)])) },
    }
    if (!opts.update && base) {
      file.backend = base.backend; file.engineVersion = base.engineVersion
      if (!file.file && base.file) file.file = base.file
    }
    mkdirSync(dir, { recursive: true })
    await writeFileAtomic(baselinePath(ablation, dir), `${JSON.stringify(file, null, 2)}\n`)
  }
  return checks
}

/**
 * The baseline step of one ablation's judging pass: check its results against the baseline file
 * (applyBaselines, which also writes it) and attach each check to its result. Results that errored
 * are not baseline material; `unjudged` names the hypotheses whose evaluation errored (their old
 * entries are kept on update); `declared` names every hypothesis of the file (to find stale entries). A baseline that cannot be used (another ablation's, unreadable) is
 * returned instead of thrown, so the caller can still show every verdict before failing.
 */
export async function attachBaselines(
  ablation: string, results: Iterable<HypothesisResult | Error>,
  opts: { update: boolean; file: string; unjudged: string[]; declared?: string[]; dir?: string },
): Promise<Error | undefined> {
  const ok = [...results].filter((r): r is HypothesisResult => !(r instanceof Error))
  try {
    const checks = await applyBaselines(ablation, ok, opts)
    for (const r of ok) r.baseline = checks.get(r.hypothesis)
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e))
  }
  return undefined
}
