// ablation() compiles to a vitest describe, hypothesis() to an it. Arms and hypotheses are
// validated while the file is collected; training happens once per ablation, when its first
// hypothesis runs, and every hypothesis of the ablation is then judged together (Holm correction).
import { describe, expect, inject, it } from 'vitest'
import { ConfigError, parseConfig, type GrpoConfigInput } from '../engine/config.js'
import { resolveOrganism } from '../organisms/index.js'
import { runArms, type ArmRuns } from '../runner/run-arms.js'
import { readExternalRuns, ExternalRunsError, type ExternalRuns, type ExternalSource } from '../external/index.js'
import { META_KEY, type HypothesisResult } from '../report/types.js'
import { applyBaselines } from '../report/baselines.js'
import { callerLocation, SpecError } from './errors.js'
import { checkEnvironment } from './environment.js'
import { checkModeMetric } from './mode-metrics.js'
import { errorResult, someResult } from './error-result.js'
import { checkOutputFolders } from './folders.js'
import { evaluateAblation } from './evaluate.js'
import { checkPlanArms, isSeedPlan, resolveSeedPlan } from './seed-plan.js'
import { judgeStaged } from './stages.js'
import { checkStatisticsOptions } from './statistics-options.js'
import { expectArm, type OnOptions } from './expect-arm.js'
import { CONTROL_KINDS, deriveControl, isControlKind, type ControlKind, type RlvrPolicy } from './controls.js'
import type { CustomMetric } from '../metrics/registry.js'
import { armsOf, type AblationBase, type AblationDef, type ArmDef, type ArmOverrides, type ArmRef, type ClaimDef, type ComparisonDef, type HypothesisDef, type MetricRef } from './spec.js'

const OPTION_KEYS = ['seeds', 'alpha', 'inconclusive', 'paired', 'test', 'validity'] as const
let nextId = 1
const stack: AblationDef[] = []

function current(what: string): AblationDef {
  const a = stack.at(-1)
  if (!a) throw new SpecError('RLVR_OUTSIDE_ABLATION', `${what} was called outside an ablation`, [callerLocation()], 'call it inside the body of ablation(name, base, () => { ... })')
  return a
}

/** Objects merge key by key; an object with another `kind` (reward, organism) replaces the old one. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T
  if ('kind' in over && 'kind' in base && over.kind !== base.kind) return over as T
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v
  return out as T
}
const isPlain = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)

type Body = () => void
type Mode = 'run' | 'skip' | 'only'

/**
 * Build and validate an ablation's definition: runs the body (arms, hypotheses) and throws a
 * SpecError naming file, ablation, arm and field on any mistake. Nothing trains here.
 */
export function collectAblation(name: string, base: AblationBase, body: Body, file = callerLocation()): AblationDef {
  const { seeds, alpha = 0.05, inconclusive, paired = 'auto', test = 't', validity, ...grpo } = base
  checkEnvironment()
  const plan = isSeedPlan(seeds) ? resolveSeedPlan(seeds, [file, `ablation '${name}'`]) : undefined
  const seedList = plan ? plan.seeds : seeds === undefined ? null : typeof seeds === 'number' ? Array.from({ length: seeds }, (_, i) => i) : seeds
  if (seedList !== null && (!Array.isArray(seedList) || seedList.length < 2 || seedList.some((s) => !Number.isInteger(s)))) {
    throw new SpecError('RLVR_BAD_OPTION', `seeds must be a count >= 2 or a list of >= 2 integer seeds, got ${JSON.stringify(seeds)}`, [file, `ablation '${name}'`, 'field seeds'])
  }
  // A repeated seed is the same run twice: it would count as two samples (pseudo-replication).
  const repeated = seedList?.filter((s, i) => seedList.indexOf(s) !== i) ?? []
  if (repeated.length) {
    throw new SpecError('RLVR_BAD_OPTION', `seeds ${JSON.stringify(seeds)} repeat ${[...new Set(repeated)].join(', ')}: a seed is one run, counted once`, [file, `ablation '${name}'`, 'field seeds'],
      'list each seed once, or give a count (seeds: 8 is 0..7)')
  }
  const statistics = checkStatisticsOptions({ test, validity }, [file, `ablation '${name}'`])
  const envInconclusive = process.env.RLVR_INCONCLUSIVE
  const def: AblationDef = {
    id: nextId++, name, file, base: grpo,
    options: { seeds: seedList, alpha, paired: paired as boolean | 'auto', ...statistics, inconclusive: (envInconclusive === 'skip' || envInconclusive === 'fail' ? envInconclusive : inconclusive) ?? 'fail', ...(plan ? { plan } : {}) },
    arms: [], hypotheses: [], claims: [],
  }
  // Validate the base alone, so a typo there is reported once, not once per arm.
  validate(grpo, def, null)
  stack.push(def)
  try { body() } finally { stack.pop() }
  resolveClaims(def)
  checkPlanArms(def)
  if (def.hypotheses.length === 0 && def.claims.length === 0) {
    throw new SpecError('RLVR_BAD_OPTION', `ablation '${name}' declares no hypothesis`, [file], "add hypothesis('...', () => expectArm(A).on('accuracy').toBeGreaterThan(B))")
  }
  return def
}

function defineAblation(mode: Mode, name: string, base: AblationBase, body: Body): void {
  const def = collectAblation(name, base, body, callerLocation())
  const register = mode === 'skip' ? describe.skip : mode === 'only' ? describe.only : describe
  register(name, () => {
    let results: Promise<Judged> | undefined
    const judged = () => (results ??= judge(def).then((r) => withBaselines(def, r, updateMode())))
    // Hypotheses and claims share one id space and one judging pass.
    for (const h of [...def.hypotheses, ...def.claims]) {
      const test = h.mode === 'skip' ? it.skip : h.mode === 'only' ? it.only : it
      test(h.name, async (ctx) => {
        let all: Judged | undefined
        let r: HypothesisResult | Error
        try {
          all = await judged()
          r = all.results.get(h.id) ?? new Error(`no result was computed for '${h.name}'`)
        } catch (e) { r = e instanceof Error ? e : new Error(String(e)) }
        // An evaluation error is a row too (verdict 'error'), and the test fails with the error.
        if (r instanceof Error) {
          ctx.task.meta[META_KEY] = errorResult(def, h, r, all && someResult(all.results))
          throw r
        }
        ctx.task.meta[META_KEY] = r
        if (all?.baselineError) throw all.baselineError
        if (r.baseline?.status === 'regression') {
          throw new SpecError('RLVR_MECHANISM_REGRESSION', `${r.hypothesis}: ${r.baseline.message}`, [def.file, `ablation '${def.name}'`],
            `if the change is intended, rewrite this file's baseline with \`npx vitest run ${specFile(def)} -u\` (or RLVR_UPDATE_BASELINES=1) and commit it`)
        }
        assertVerdict(r, def, ctx.skip)
      })
    }
  })
}

function validate(config: GrpoConfigInput, def: AblationDef, arm: string | null) {
  try {
    const c = parseConfig(config)
    resolveOrganism(c.organism)
    return c
  } catch (e) {
    const where = [def.file, `ablation '${def.name}'`, arm ? `arm '${arm}'` : 'base config']
    if (e instanceof ConfigError) {
      throw new SpecError('RLVR_BAD_CONFIG', e.issues.map((i) => `${i.path}: ${i.message}`).join('; '), [...where, `field ${e.issues.map((i) => i.path).join(', ')}`])
    }
    throw new SpecError('RLVR_BAD_CONFIG', (e as Error).message, [...where, 'field organism'])
  }
}

/** Train (or load) every run the ablation's active hypotheses need, then judge them all together. */
export async function judge(def: AblationDef): Promise<Map<number, HypothesisResult | Error>> {
  const hasOnly = [...def.hypotheses, ...def.claims].some((h) => h.mode === 'only')
  const isActive = (h: { mode: Mode }) => h.mode !== 'skip' && (!hasOnly || h.mode === 'only')
  const active = def.hypotheses.filter(isActive)
  const claims = def.claims.filter(isActive)
  const needed = new Set([
    ...active.flatMap((h) => armsOf(h.comparison).map((a) => a.name)),
    ...claims.flatMap((c) => [c.treatment.name, ...c.controls.flatMap((k) => (k.arm ? [k.arm.name] : []))]),
  ])
  const arms = def.arms.filter((a) => needed.has(a.ref.name))
  checkOutputFolders()
  if (def.options.plan) return judgeStaged(def, active, claims, arms)
  const trained = arms.filter((a) => a.config !== null)
  const runs: ArmRuns = trained.length
    ? await runArms(def.name, trained.map((a) => ({ name: a.ref.name, config: a.config! })), def.options.seeds!)
    : { runs: new Map(), failures: [], trained: 0, cached: 0, total: 0 }
  // Arms read from files join as they are: their seeds are theirs.
  for (const a of arms) if (a.external) runs.runs.set(a.ref.name, a.external.read.runs.map((r) => ({ seed: r.seed, record: r.record })))
  return evaluateAblation(def, active, runs, claims)
}

/** vitest -u (snapshot update mode 'all') or RLVR_UPDATE_BASELINES=1 rewrites baselines. */
function updateMode(): boolean {
  if (process.env.RLVR_UPDATE_BASELINES === '1') return true
  const state = (expect.getState() as { snapshotState?: { snapshotUpdateState?: string } }).snapshotState
  return state?.snapshotUpdateState === 'all'
}

/** The results of one judging pass, and what went wrong with the baseline file, if anything. */
interface Judged { results: Map<number, HypothesisResult | Error>; baselineError?: Error }

/** The spec file of an ablation, without the line: what `npx vitest run <file>` takes. */
const specFile = (def: AblationDef) => def.file.replace(/:\d+$/, '')

/**
 * Attach each result's baseline check (RLVR_BASELINES=off skips them). Results that errored are
 * not baseline material; a baseline that cannot be used (another ablation's, unreadable) fails
 * every test of the ablation, with its verdicts still shown.
 */
async function withBaselines(def: AblationDef, results: Map<number, HypothesisResult | Error>, update: boolean): Promise<Judged> {
  if (process.env.RLVR_BASELINES === 'off') return { results }
  const ok = [...results.values()].filter((r): r is HypothesisResult => !(r instanceof Error))
  const items = [...def.hypotheses, ...def.claims]
  const unjudged = items.filter((h) => results.get(h.id) instanceof Error).map((h) => h.name)
  try {
    const checks = await applyBaselines(def.name, ok, { update, file: specFile(def), unjudged })
    for (const r of ok) r.baseline = checks.get(r.hypothesis)
  } catch (e) {
    return { results, baselineError: e instanceof Error ? e : new Error(String(e)) }
  }
  return { results }
}

export { armsOf }

function missingControls(claimName: string, missing: string[], where: string[]): SpecError {
  return new SpecError('RLVR_MISSING_CONTROL', `claim '${claimName}' lacks required control${missing.length > 1 ? 's' : ''} ${missing.map((k) => `'${k}'`).join(', ')}`,
    where, `declare arm('name', overrides, { role: '${missing[0]}' }), or let the claim derive it from the treatment: claim(name, { ..., derive: true })`)
}

function assertVerdict(r: HypothesisResult, def: AblationDef, skip: (note?: string) => never): void {
  // Claims are complete from collection on (resolveClaims); this guards results built elsewhere.
  const missing = r.controls?.filter((k) => !k.present) ?? []
  if (missing.length) throw missingControls(r.hypothesis, missing.map((k) => k.control), [def.file, `ablation '${def.name}'`])
  const line = describeResult(r)
  if (r.expectedVerdict) {
    if (r.verdict === r.expectedVerdict) return
    throw new Error(`known refutation no longer holds: expected verdict '${r.expectedVerdict}', got '${r.verdict}'\n${line}`)
  }
  if (r.verdict === 'supported') return
  if (r.verdict === 'inconclusive' && def.options.inconclusive === 'skip') skip(`inconclusive: ${line}`)
  throw new Error(`${r.verdict}: ${line}`)
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x))

/** "expected 'B' accuracy (final) 0.482 to be less than 'A' 0.600 ..." */
export function describeResult(r: HypothesisResult): string {
  const [a, b] = r.arms
  const rel: Record<string, string> = {
    greater: 'to be greater than', less: 'to be less than', equivalent: 'to be equivalent to',
    increase: 'to increase', decrease: 'to decrease', above: 'to be above', below: 'to be below',
  }
  const target = b ? ` '${b.name}' ${f3(b.mean)}` : ''
  const diff = r.difference ? `; difference ${f3(r.difference.estimate)} [${f3(r.difference.ci.lo)}, ${f3(r.difference.ci.hi)}]` : ''
  return `expected '${a.name}' ${r.metric} ${f3(a.mean)} ${rel[r.comparison] ?? r.comparison}${target}${diff}; ` +
    `${r.test.name} p=${f3(r.test.p)}, Holm-adjusted ${f3(r.test.pAdjusted)}; ${r.reason}`
}

/** Declare an ablation: a vitest describe whose arms train on the GRPO engine. */
export const ablation = Object.assign(
  (name: string, base: AblationBase, body: Body) => defineAblation('run', name, base, body),
  {
    skip: (name: string, base: AblationBase, body: Body) => defineAblation('skip', name, base, body),
    only: (name: string, base: AblationBase, body: Body) => defineAblation('only', name, base, body),
  },
)

/** Declare an arm: the ablation's base config with these overrides (deep-merged). */
export function arm(name: string, overrides: ArmOverrides = {}, opts: { role?: ControlKind } = {}): ArmRef {
  const def = current(`arm('${name}')`)
  if (opts.role !== undefined && (!isControlKind(opts.role) || opts.role === 'untrained')) {
    throw new SpecError('RLVR_BAD_OPTION', `role '${opts.role}' is not a control kind an arm can play`, [callerLocation(), `ablation '${def.name}'`, `arm '${name}'`],
      `use one of ${CONTROL_KINDS.filter((k) => k !== 'untrained').join(', ')} ('untrained' needs no arm)`)
  }
  if (def.arms.some((a) => a.ref.name === name)) {
    throw new SpecError('RLVR_DUPLICATE_ARM', `arm '${name}' is declared twice`, [callerLocation(), `ablation '${def.name}'`], 'give each arm a distinct name')
  }
  for (const k of OPTION_KEYS) {
    if (k in (overrides as object)) throw new SpecError('RLVR_BAD_CONFIG', `'${k}' is an ablation option, not an arm setting`, [callerLocation(), `ablation '${def.name}'`, `arm '${name}'`, `field ${k}`], 'set it in the ablation base')
  }
  if (def.options.seeds === null) {
    throw new SpecError('RLVR_BAD_OPTION', `arm '${name}' trains, but the ablation sets no seeds`, [callerLocation(), `ablation '${def.name}'`, 'field seeds'], 'add seeds: 8 (or a list) to the ablation base')
  }
  const merged = deepMerge(def.base, overrides) as GrpoConfigInput
  const config = validate(merged, { ...def, file: callerLocation() }, name)
  const ref: ArmRef = Object.freeze({ kind: 'arm', name, ablation: def.name, ablationId: def.id })
  def.arms.push({ ref, overrides, config, role: opts.role } satisfies ArmDef)
  return ref
}

/**
 * An arm whose runs come from files (TRL / verl JSON Lines, a tracker CSV, an rlvr JSON report)
 * instead of the engine. The files are read when the spec is collected, so a bad file fails before
 * anything trains; see docs/external-runs.md.
 */
function armFromRuns(name: string, files: string | string[] | ExternalSource, opts: Omit<ExternalSource, 'files'> & { role?: ControlKind } = {}): ArmRef {
  const def = current(`arm.fromRuns('${name}')`)
  const where = [callerLocation(), `ablation '${def.name}'`, `arm '${name}'`]
  if (def.arms.some((a) => a.ref.name === name)) throw new SpecError('RLVR_DUPLICATE_ARM', `arm '${name}' is declared twice`, where, 'give each arm a distinct name')
  const { role, ...rest } = opts
  if (role !== undefined && (!isControlKind(role) || role === 'untrained')) {
    throw new SpecError('RLVR_BAD_OPTION', `role '${role}' is not a control kind an arm can play`, where)
  }
  const source: ExternalSource = typeof files === 'object' && !Array.isArray(files) ? { ...files, ...rest } : { files, ...rest }
  let read: ExternalRuns
  try { read = readExternalRuns(source, { cwd: process.cwd(), arm: name }) } catch (e) {
    if (e instanceof ExternalRunsError) throw new SpecError('RLVR_BAD_RUNS', e.message.replace(/^✖ /, ''), where)
    throw e
  }
  if (read.runs.length < 2) throw new SpecError('RLVR_BAD_RUNS', `arm '${name}' read ${read.runs.length} run(s) from ${read.files.length} file(s); a comparison needs at least 2 seeds`, where)
  const ref: ArmRef = Object.freeze({ kind: 'arm', name, ablation: def.name, ablationId: def.id })
  def.arms.push({ ref, overrides: {}, config: null, role, external: { source, read } })
  return ref
}
arm.fromRuns = armFromRuns

/** What claim() records before the ablation's arms are all known; resolved after the body. */
interface PendingClaim { id: number; name: string; opts: ClaimOptions; metric: MetricRef; mode: Mode; where: string[] }
const pending = new WeakMap<AblationDef, PendingClaim[]>()

export interface ClaimOptions {
  /** The arm whose gain is claimed to be more than its controls explain. */
  treatment: ArmRef
  /** Metric (name or function) and where to read it (final by default). */
  on: string | CustomMetric
  where?: OnOptions
  /** Controls this claim requires (the project policy may add more). */
  controls: ControlKind[]
  /** Minimum difference over every control (default 0). */
  margin?: number
  /** Derive missing controls from the treatment (true: all; or a list of kinds). Default false. */
  derive?: boolean | ControlKind[]
}

function defineClaim(mode: Mode, name: string, opts: ClaimOptions): void {
  const def = current(`claim('${name}')`)
  const where = [callerLocation(), `ablation '${def.name}'`, `claim '${name}'`]
  const bad = (what: string, hint?: string) => new SpecError('RLVR_BAD_OPTION', what, where, hint)
  if (!opts || typeof opts !== 'object') throw bad('claim needs { treatment, on, controls }')
  if (opts.treatment?.kind !== 'arm') throw bad('treatment is not an arm', "pass the value returned by arm('name', overrides)")
  if (opts.treatment.ablationId !== def.id) throw new SpecError('RLVR_FOREIGN_ARM', `arm '${opts.treatment.name}' belongs to ablation '${opts.treatment.ablation}', not to this one`, where)
  if (!Array.isArray(opts.controls)) throw bad('controls must be a list of control kinds', `e.g. ['random-reward', 'format-reward', 'untrained']`)
  for (const k of opts.controls) if (!isControlKind(k)) throw bad(`unknown control '${k}'`, `known controls: ${CONTROL_KINDS.join(', ')}`)
  if (opts.margin !== undefined && !(opts.margin >= 0)) throw bad(`margin must be a number >= 0, got ${opts.margin}`)
  let comparison: ComparisonDef
  try { comparison = expectArm(opts.treatment).on(opts.on, opts.where).toIncrease() } catch (e) {
    if (e instanceof SpecError) throw new SpecError(e.code, e.message.split('\n')[0].replace(/^✖ /, ''), where, e.hint)
    throw e
  }
  const list = pending.get(def) ?? []
  list.push({ id: def.hypotheses.length + 1000 + list.length, name, opts, metric: comparison.metric, mode, where })
  pending.set(def, list)
}

/**
 * The project-wide policy: vitest.config.ts `test.provide.rlvr`, or RLVR_REQUIRED_CONTROLS
 * (comma-separated control kinds, e.g. for one CI job); the two are merged.
 */
export function projectPolicy(): RlvrPolicy {
  let provided: RlvrPolicy = {}
  try { provided = inject('rlvr') ?? {} } catch { /* outside a vitest worker: nothing provided */ }
  const env = (process.env.RLVR_REQUIRED_CONTROLS ?? '').split(',').map((k) => k.trim()).filter(Boolean)
  for (const k of env) {
    if (!isControlKind(k)) throw new SpecError('RLVR_BAD_OPTION', `RLVR_REQUIRED_CONTROLS names '${k}', which is not a control kind`, ['environment'], `known controls: ${CONTROL_KINDS.join(', ')}`)
  }
  for (const k of provided.requiredControls ?? []) {
    if (!isControlKind(k)) throw new SpecError('RLVR_BAD_OPTION', `vitest.config.ts provide.rlvr.requiredControls names '${k}', which is not a control kind`, ['vitest.config.ts'], `known controls: ${CONTROL_KINDS.join(', ')}`)
  }
  return { requiredControls: [...new Set([...(provided.requiredControls ?? []), ...env as ControlKind[]])] }
}

/** After the body: find or derive each claim's controls (declared arms win over derived ones). */
function resolveClaims(def: AblationDef): void {
  const policy = projectPolicy()
  for (const p of pending.get(def) ?? []) {
    const kinds = [...new Set([...(policy.requiredControls ?? []), ...p.opts.controls])]
    const treatment = def.arms.find((a) => a.ref.name === p.opts.treatment.name)!
    const derive = (k: ControlKind) => p.opts.derive === true || (Array.isArray(p.opts.derive) && p.opts.derive.includes(k))
    const controls: ClaimDef['controls'] = kinds.map((kind) => {
      if (kind === 'untrained') return { kind, arm: null, derived: false }
      const declared = def.arms.find((a) => a.role === kind)
      if (declared) return { kind, arm: declared.ref, derived: false }
      if (!derive(kind)) return { kind, arm: undefined, derived: false }
      const name = `${treatment.ref.name} → ${kind}`
      const existing = def.arms.find((a) => a.ref.name === name)
      if (existing) return { kind, arm: existing.ref, derived: true }
      if (!treatment.config) {
        throw new SpecError('RLVR_BAD_OPTION', `cannot derive control '${kind}' from '${treatment.ref.name}': its runs come from files`, p.where,
          `declare it: arm.fromRuns('name', 'runs/...', { role: '${kind}' })`)
      }
      let over: ArmOverrides
      try { over = deriveControl(kind, treatment.config)! } catch (e) { throw new SpecError('RLVR_BAD_OPTION', (e as Error).message, p.where) }
      const merged = deepMerge(deepMerge(def.base, treatment.overrides), over) as GrpoConfigInput
      const config = validate(merged, { ...def, file: p.where[0] }, name)
      const ref: ArmRef = Object.freeze({ kind: 'arm', name, ablation: def.name, ablationId: def.id })
      def.arms.push({ ref, overrides: deepMerge(treatment.overrides, over), config, role: kind, derivedFrom: treatment.ref.name })
      return { kind, arm: ref, derived: true }
    })
    // A missing control fails here, at the claim's line, before anything trains.
    const missing = controls.filter((k) => k.arm === undefined).map((k) => k.kind)
    if (missing.length) throw missingControls(p.name, missing, p.where)
    for (const ref of [treatment.ref, ...controls.flatMap((k) => (k.arm ? [k.arm] : []))]) {
      const a = def.arms.find((x) => x.ref.name === ref.name)!
      if (a.config) checkModeMetric(p.metric, a.ref.name, a.config, p.where)
    }
    def.claims.push({ id: p.id, name: p.name, treatment: p.opts.treatment, metric: p.metric, controls, margin: p.opts.margin ?? 0, mode: p.mode })
  }
}

type ClaimFn = (name: string, opts: ClaimOptions) => void

/** Declare a claim gated on controls: passes only if the treatment beats every required control. */
export const claim: ClaimFn & { skip: ClaimFn; only: ClaimFn } = Object.assign(
  (name: string, opts: ClaimOptions) => defineClaim('run', name, opts),
  {
    skip: (name: string, opts: ClaimOptions) => defineClaim('skip', name, opts),
    only: (name: string, opts: ClaimOptions) => defineClaim('only', name, opts),
  },
)

function defineHypothesis(mode: Mode, expectedVerdict: 'refuted' | null, name: string, fn: () => ComparisonDef): void {
  const def = current(`hypothesis('${name}')`)
  const where = [callerLocation(), `ablation '${def.name}'`, `hypothesis '${name}'`]
  let comparison: ComparisonDef
  try { comparison = fn() } catch (e) {
    if (e instanceof SpecError) throw new SpecError(e.code, e.message.split('\n')[0].replace(/^✖ /, ''), where, e.hint)
    throw e
  }
  if (!comparison || typeof comparison !== 'object' || !('kind' in comparison) || !('metric' in comparison)) {
    throw new SpecError('RLVR_BAD_OPTION', 'the hypothesis body must return a comparison', where, "write () => expectArm(B).on('accuracy').toBeLessThan(A)")
  }
  for (const a of armsOf(comparison)) {
    if (a.ablationId !== def.id) {
      throw new SpecError('RLVR_FOREIGN_ARM', `arm '${a.name}' belongs to ablation '${a.ablation}', not to this one`, where, 'declare the arm in this ablation: arms are compared only within one ablation, where they share seeds')
    }
  }
  // Step windows must exist in every arm involved.
  const at = comparison.metric.at
  for (const a of armsOf(comparison)) {
    const cfg = def.arms.find((x) => x.ref.name === a.name)!.config
    if (!cfg) continue // runs from files: their steps are checked when read
    checkModeMetric(comparison.metric, a.name, cfg, where)
    const last = 'step' in at ? at.step : 'meanOverSteps' in at ? at.meanOverSteps[1] : 0
    if (last > cfg.steps) throw new SpecError('RLVR_BAD_OPTION', `${comparison.metric.name} at step ${last}, but arm '${a.name}' trains ${cfg.steps} steps`, where)
    const first = 'step' in at ? at.step : 'meanOverSteps' in at ? at.meanOverSteps[0] : 0
    if (comparison.metric.def?.eval && last > 0 && first !== last && cfg.evalEvery !== 1) {
      throw new SpecError('RLVR_BAD_OPTION', `${comparison.metric.name} averaged over steps ${first}..${last} needs an evaluation every step, but arm '${a.name}' has evalEvery ${cfg.evalEvery}`, where, 'set evalEvery: 1 in the ablation base')
    }
    if (comparison.metric.def?.eval && first === last && last > 0 && last !== cfg.steps && (cfg.evalEvery === 0 || last % cfg.evalEvery !== 0)) {
      throw new SpecError('RLVR_BAD_OPTION', `${comparison.metric.name} at step ${last} needs an evaluation there, but arm '${a.name}' has evalEvery ${cfg.evalEvery}`, where, `set evalEvery to a divisor of ${last}`)
    }
  }
  def.hypotheses.push({ id: def.hypotheses.length, name, comparison, mode, expectedVerdict } satisfies HypothesisDef)
}

type HypothesisFn = (name: string, fn: () => ComparisonDef) => void

/** Declare a hypothesis: a vitest it that passes when the comparison is supported. */
export const hypothesis: HypothesisFn & { skip: HypothesisFn; only: HypothesisFn; fails: HypothesisFn } = Object.assign(
  (name: string, fn: () => ComparisonDef) => defineHypothesis('run', null, name, fn),
  {
    skip: (name: string, fn: () => ComparisonDef) => defineHypothesis('skip', null, name, fn),
    only: (name: string, fn: () => ComparisonDef) => defineHypothesis('only', null, name, fn),
    /** A known refutation (vitest's it.fails): passes while the organism refutes the hypothesis. */
    fails: (name: string, fn: () => ComparisonDef) => defineHypothesis('run', 'refuted', name, fn),
  },
)
