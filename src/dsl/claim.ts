// claim(name, { treatment, on, controls }): a claim gated on controls. claim() records it; after the
// ablation's body, resolveClaims() finds each required control among the declared arms or derives
// it from the treatment, so a missing control fails at collection, before anything trains.
import type { GrpoConfigInput } from '../engine/config.js'
import { current } from './ablation-stack.js'
import { deepMerge, validateConfig } from './arm-config.js'
import { CONTROL_KINDS, isControlKind, type ControlKind, type RlvrPolicy } from './control-kinds.js'
import { deriveControl } from './controls.js'
import { callerLocation, SpecError } from './errors.js'
import { expectArm, type OnOptions } from './expect-arm.js'
import type { CustomMetric } from '../metrics/registry.js'
import { checkModeMetric } from './mode-metrics.js'
import { projectPolicy } from './policy.js'
import type { AblationDef, ArmOverrides, ArmRef, ClaimDef, ComparisonDef, MetricRef, Mode } from './spec.js'

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

/** What claim() records before the ablation's arms are all known; resolved after the body. */
interface PendingClaim { id: number; name: string; opts: ClaimOptions; metric: MetricRef; mode: Mode; where: string[] }
const pending = new WeakMap<AblationDef, PendingClaim[]>()

export function missingControls(claimName: string, missing: string[], where: string[]): SpecError {
  return new SpecError('RLVR_MISSING_CONTROL', `claim '${claimName}' lacks required control${missing.length > 1 ? 's' : ''} ${missing.map((k) => `'${k}'`).join(', ')}`,
    where, `declare arm('name', overrides, { role: '${missing[0]}' }), or let the claim derive it from the treatment: claim(name, { ..., derive: true })`)
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
 * After the body: find or derive each claim's controls (declared arms win over derived ones).
 * `provided` is the policy vitest.config.ts provides; the environment's is merged in.
 */
export function resolveClaims(def: AblationDef, provided: RlvrPolicy = {}): void {
  const policy = projectPolicy(provided)
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
      const config = validateConfig(merged, { ...def, file: p.where[0] }, name)
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
