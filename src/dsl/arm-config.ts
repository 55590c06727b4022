// An arm's config: the ablation's base with the arm's overrides deep-merged, then validated (the
// GRPO schema, and the organism resolved) with errors naming file, ablation, arm and field.
import { ConfigError, parseConfig, type GrpoConfig, type GrpoConfigInput } from '../engine/config.js'
import { resolveOrganism } from '../organisms/index.js'
import { SpecError } from './errors.js'
import type { AblationDef } from './spec.js'

/** Objects merge key by key; an object with another `kind` (reward, organism) replaces the old one. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T
  if ('kind' in over && 'kind' in base && over.kind !== base.kind) return over as T
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v
  return out as T
}
const isPlain = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)

/** The parsed config, or a SpecError at `def.file` naming the arm (null: the base config) and the fields. */
export function validateConfig(config: GrpoConfigInput, def: Pick<AblationDef, 'file' | 'name'>, arm: string | null): GrpoConfig {
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
