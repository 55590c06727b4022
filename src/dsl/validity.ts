// Run validity per arm (src/metrics/validity.ts) and the 'invalid control' rule: a comparison whose
// control arm has collapsed runs (validity below the ablation's threshold at the final evaluation)
// measures a broken model, so it gets the verdict 'invalid control' unless it is about collapse.
import type { RunRecord } from '../engine/trainer.js'
import { runValidity } from '../metrics/validity.js'
import type { ArmValidity } from '../report/types.js'
import type { ArmRuns } from '../runner/run-arms.js'
import type { ComparisonDef } from './spec.js'
import { significant } from '../util/format-number.js'

/** Validity of an arm's runs, in seed order; undefined when no run has a measure (runs from files, toy transformer). */
export function armValidity(list: { record: RunRecord }[], threshold: number): ArmValidity | undefined {
  const v = list.map((r) => runValidity(r.record))
  const measured = v.filter((x) => x.value !== null)
  if (!measured.length) return undefined
  const values = v.map((x) => x.value)
  return {
    measure: measured[0].measure, threshold, values,
    collapsed: measured.filter((x) => x.value! < threshold).length,
    min: Math.min(...measured.map((x) => x.value!)),
  }
}

/** The arms a comparison treats as its reference: the other arm, or the other sweep of a crossover. */
export function controlArms(c: ComparisonDef): string[] {
  if (c.kind === 'crossover') return c.otherSweep.arms.map((a) => a.name)
  if (c.kind === 'greater' || c.kind === 'less' || c.kind === 'equivalent') return [c.other.name]
  return []
}

/** Why the comparison's control is invalid (its collapsed runs), or null when it is valid. */
export function invalidControl(c: ComparisonDef, runs: ArmRuns, threshold: number): string | null {
  const bad = controlArms(c).flatMap((name) => {
    const v = armValidity(runs.runs.get(name) ?? [], threshold)
    return v && v.collapsed > 0 ? [`'${name}' collapsed in ${v.collapsed}/${v.values.length} runs (${v.measure} min ${significant(v.min)})`] : []
  })
  return bad.length ? `control arm ${bad.join(', ')}: validity below ${threshold} at the final evaluation` : null
}

