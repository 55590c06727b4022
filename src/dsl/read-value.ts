// One hypothesis' number from one run, with the steps it came from, and the errors that name where
// a bad value sits: a non-finite value names its seed, step and (for runs read from files) its file.
import type { RunRecord } from '../engine/trainer.js'
import { externalSource } from '../external/index.js'
import { readMetricSteps } from '../metrics/registry.js'
import type { MetricRef } from './spec.js'

export interface ReadValue { value: number; steps: number[] | null }

export function readValue(run: RunRecord, m: MetricRef, hyp: string): ReadValue {
  const src = externalSource(run)
  const from = src ? `, read from ${src.file}${src.run ? ` (run '${src.run}')` : ''}` : ''
  if (m.custom) {
    const v = m.custom(run)
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`hypothesis '${hyp}': metric ${m.name} is ${v} for seed ${run.seed}${from}; a custom metric must return a finite number`)
    }
    return { value: v, steps: null }
  }
  const r = readMetricSteps(run, m.name, m.def!, m.at)
  if (!Number.isFinite(r.value)) {
    const key = m.def!.eval ?? m.def!.train!
    const at = (s: number) => (m.def!.eval ? run.evals.find((e) => e.step === s)?.metrics[key] : run.history[s - 1]?.[key])
    const bad = r.steps.filter((s) => !Number.isFinite(at(s) ?? NaN))
    throw new Error(`hypothesis '${hyp}': metric ${m.name} (${key}) is ${r.value} for seed ${run.seed} at step ${bad.join(', ')}${from}: the run logged a non-finite value there; read the metric at other steps, or drop the run`)
  }
  return r
}

/**
 * For a mean over a step window: the steps each seed's value averaged, when some seed did not log
 * every step of the window (a sparse log); null when every seed logged them all.
 */
export function sparseSteps(m: MetricRef, reads: ReadValue[]): number[][] | null {
  if (!('meanOverSteps' in m.at)) return null
  const [a, b] = m.at.meanOverSteps
  const full = reads.every((r) => r.steps !== null && r.steps.length === b - a + 1)
  return full ? null : reads.map((r) => r.steps ?? [])
}
