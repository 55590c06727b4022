// The project-wide control policy: what vitest.config.ts provides (`test.provide.rlvr`, read by
// register.ts, the only DSL file that talks to vitest) merged with RLVR_REQUIRED_CONTROLS
// (comma-separated control kinds, e.g. for one CI job).
import { CONTROL_KINDS, isControlKind, type ControlKind, type RlvrPolicy } from './control-kinds.js'
import { SpecError } from './errors.js'

/** The provided policy merged with the environment's; throws on a name that is not a control kind. */
export function projectPolicy(provided: RlvrPolicy = {}): RlvrPolicy {
  const env = (process.env.RLVR_REQUIRED_CONTROLS ?? '').split(',').map((k) => k.trim()).filter(Boolean)
  for (const k of env) {
    if (!isControlKind(k)) throw new SpecError('RLVR_BAD_OPTION', `RLVR_REQUIRED_CONTROLS names '${k}', which is not a control kind`, ['environment'], `known controls: ${CONTROL_KINDS.join(', ')}`)
  }
  for (const k of provided.requiredControls ?? []) {
    if (!isControlKind(k)) throw new SpecError('RLVR_BAD_OPTION', `vitest.config.ts provide.rlvr.requiredControls names '${k}', which is not a control kind`, ['vitest.config.ts'], `known controls: ${CONTROL_KINDS.join(', ')}`)
  }
  return { requiredControls: [...new Set([...(provided.requiredControls ?? []), ...env as ControlKind[]])] }
}
