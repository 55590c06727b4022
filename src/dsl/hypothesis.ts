// hypothesis(name, () => expectArm(A).on(metric).toBeGreaterThan(B)): one hypothesis of the current
// ablation. The comparison is built and checked against the ablation's arms at once (foreign arms,
// step windows the arms do not train or evaluate), so a mistake fails before anything trains.
import { current } from './ablation-stack.js'
import { callerLocation, SpecError } from './errors.js'
import { checkModeMetric } from './mode-metrics.js'
import { armsOf, type ComparisonDef, type HypothesisDef, type Mode } from './spec.js'

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
