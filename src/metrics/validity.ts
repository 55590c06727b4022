// Run validity: how much of the policy's probability is on well-formed completions at the final
// evaluation, per organism kind. A run below the ablation's threshold (0.95 by default) has
// collapsed: its metrics describe a broken model, not the mechanism under test.
//   - arithmetic transformers ('<model>-like'): eval/canonical_mass, the exact probability of the
//     canonical reasoning tokens (a mode token, three reasoning tokens), teacher-forced;
//   - arithmetic linear organisms ('<model>-like-linear') and the linear mode organism
//     ('toy-linear', kind 'linear'): 1 by construction, every completion is a mode token and an
//     answer token (eval/canonical_mass is recorded as 1 for the former);
//   - the toy transformer (successor task, engine checks only) and runs read from files without an
//     eval/canonical_mass column: not measured (null), never counted as collapsed.
// Computed from the run record as it is, so cached runs need no retraining.
import type { RunRecord } from '../engine/trainer.js'

export interface RunValidity {
  /** Share of probability on well-formed completions at the final evaluation; null when not measured. */
  value: number | null
  /** Where the value comes from. */
  measure: 'eval/canonical_mass' | 'well-formed by construction' | 'not measured'
}

export function runValidity(run: RunRecord): RunValidity {
  const mass = run.evals?.at(-1)?.metrics['eval/canonical_mass']
  if (typeof mass === 'number' && Number.isFinite(mass)) return { value: mass, measure: 'eval/canonical_mass' }
  const kind = (run.config?.organism as { kind?: string } | undefined)?.kind
  if (kind === 'linear') return { value: 1, measure: 'well-formed by construction' }
  return { value: null, measure: 'not measured' }
}
