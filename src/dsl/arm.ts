// arm(name, overrides): one arm of the current ablation, its config the base with the overrides
// deep-merged and validated at once. arm.fromRuns(name, files): an arm whose runs are read from
// files instead of trained.
import type { GrpoConfigInput } from '../engine/config.js'
import { readExternalRuns, ExternalRunsError, type ExternalRuns, type ExternalSource } from '../external/index.js'
import { current } from './ablation-stack.js'
import { deepMerge, validateConfig } from './arm-config.js'
import { CONTROL_KINDS, isControlKind, type ControlKind } from './control-kinds.js'
import { callerLocation, SpecError } from './errors.js'
import type { ArmDef, ArmOverrides, ArmRef } from './spec.js'

/** Ablation options: set once in the base, never per arm. */
const OPTION_KEYS = ['seeds', 'alpha', 'inconclusive', 'paired', 'test', 'validity'] as const

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
  const config = validateConfig(merged, { ...def, file: callerLocation() }, name)
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
