// The project's own JSON report (reports/<ablation>.json, src/report/json-report.ts) -> one
// RunRecord per seed of one arm, so an ablation's results can be re-gated without re-training.
//
// A report keeps, per hypothesis and arm, the metric's per-seed values where the hypothesis reads
// it ('accuracy (final)', 'accuracy (step 10)'), and the mean curve over seeds with its 95% band.
// Per-seed values go where readMetric finds them again: eval metrics into evals at that step, step
// metrics into history[step - 1], 'final' at the run's last step. A curve point whose band has no
// width (every seed had the same value, e.g. the pre-RL evaluation of a deterministic organism) is
// exact for every seed and is kept too: that is what makes toIncrease re-gatable. Readings over a
// step range ('mean steps a-b') cannot be split into steps and are skipped with a warning.
import type { Metrics } from '../engine/trainer.js'
import { metricDef } from '../metrics/registry.js'
import { toRecord, type Warn } from './build.js'
import { isPlainObject } from './json.js'
import { ExternalRunsError, type ExternalRun } from './types.js'

interface Cell { v: number; from: string; exact: boolean }

export function readReport(file: string, doc: unknown, reportArm: string, arm: string, warn: Warn): ExternalRun[] {
  const bad = (what: string, where?: string) =>
    new ExternalRunsError('report', what, { arm, file, where }, 'regenerate the report with `npx vitest run <spec>` (reports/<ablation>.json), or check that this is one')
  if (!isPlainObject(doc) || !Array.isArray(doc.hypotheses)) throw bad("not an rlvr report: no 'hypotheses' array")
  const hyps = doc.hypotheses as unknown[]
  const names = new Set<string>()
  // seed -> 'eval'|'train' -> step ('final' resolved later) -> key -> cell
  const cells = new Map<number, { eval: Map<number | 'final', Map<string, Cell>>; train: Map<number | 'final', Map<string, Cell>> }>()
  let lastStep = 0
  const needInitial = new Set<string>()

  const put = (seed: number, kind: 'eval' | 'train', step: number | 'final', key: string, cell: Cell, where: string) => {
    const s = cells.get(seed) ?? { eval: new Map(), train: new Map() }
    cells.set(seed, s)
    const atStep = s[kind].get(step) ?? new Map<string, Cell>()
    s[kind].set(step, atStep)
    const prev = atStep.get(key)
    if (prev) {
      if (Math.abs(prev.v - cell.v) > 1e-9 * Math.max(1, Math.abs(prev.v))) {
        if (prev.exact && cell.exact) {
          throw bad(`${prev.from} and ${cell.from} give different values of '${key}' at ${step === 'final' ? 'the final step' : `step ${step}`} for seed ${seed}: ${prev.v} and ${cell.v}`, where)
        }
      }
      if (prev.exact || !cell.exact) return
    }
    atStep.set(key, cell)
  }

  hyps.forEach((h, hi) => {
    if (!isPlainObject(h) || typeof h.metric !== 'string' || !Array.isArray(h.arms)) throw bad(`hypotheses[${hi}] is not a hypothesis result`, `hypotheses[${hi}]`)
    const label = `hypothesis '${String(h.hypothesis ?? hi)}'`
    for (const a of h.arms as unknown[]) {
      if (!isPlainObject(a) || typeof a.name !== 'string') throw bad(`an arm of ${label} has no name`, label)
      names.add(a.name)
      if (a.name !== reportArm) continue
      const values = a.values, seeds = a.seeds
      if (!Array.isArray(values) || !Array.isArray(seeds) || values.length !== seeds.length
        || !values.every((v) => typeof v === 'number') || !seeds.every((s) => Number.isInteger(s))) {
        throw bad(`arm '${a.name}' of ${label} has no per-seed values (values and seeds must be number arrays of one length)`, label)
      }
      const m = /^(.*) \((final|step (\d+)|mean steps (\d+)-(\d+))\)$/.exec(h.metric)
      if (!m) { warn('report-label', `${label}: metric label '${h.metric}' is not '<metric> (<where>)': skipped`, file); continue }
      const [, name, where, step] = m
      if (where.startsWith('mean')) { warn(`report-mean:${name}`, `${label}: '${h.metric}' is a mean over steps, which cannot be split back into steps: skipped (a re-gate can read '${name}' where other hypotheses read it)`, file); continue }
      const at: number | 'final' = where === 'final' ? 'final' : Number(step)
      let kind: 'eval' | 'train', key: string
      if (name.startsWith('custom:')) {
        if (at !== 'final') { warn(`report-custom:${name}`, `${label}: custom metric '${name}' read at ${where} is skipped (only final readings of custom metrics are kept)`, file); continue }
        kind = 'train'
        key = name
      } else {
        const def = metricDef(name)
        if (!def) { warn(`report-unknown:${name}`, `${label}: unknown metric '${name}' (a report from another version?): skipped`, file); continue }
        kind = def.eval ? 'eval' : 'train'
        key = (def.eval ?? def.train)!
      }
      seeds.forEach((seed, i) => put(seed as number, kind, at, key, { v: values[i] as number, from: label, exact: true }, label))
      if (at !== 'final') lastStep = Math.max(lastStep, at)
      if (h.comparison === 'increase' || h.comparison === 'decrease' || (Array.isArray(h.controls) && h.controls.some((c) => isPlainObject(c) && c.control === 'untrained'))) {
        needInitial.add(`${kind}:${key}`)
      }
      const curve = a.curve
      if (isPlainObject(curve) && Array.isArray(curve.steps) && Array.isArray(curve.mean)) {
        const steps = curve.steps as number[], mean = curve.mean as number[], lo = (curve.lo ?? []) as number[], hi = (curve.hi ?? []) as number[]
        steps.forEach((s, j) => {
          lastStep = Math.max(lastStep, s)
          const flat = seeds.length === 1 || (Number.isFinite(lo[j]) && Number.isFinite(hi[j]) && hi[j] - lo[j] <= 1e-9 * Math.max(1, Math.abs(mean[j])))
          if (!flat || !Number.isFinite(mean[j]) || (kind === 'train' && s < 1)) return
          for (const seed of seeds) put(seed as number, kind, s, key, { v: mean[j], from: `the curve of ${label}`, exact: false }, label)
        })
      }
    }
  })

  if (!names.has(reportArm)) {
    throw new ExternalRunsError('report', `no arm '${reportArm}' in this report`, { arm, file },
      `set reportArm to one of: ${[...names].map((n) => `'${n}'`).join(', ') || '(the report has no arms)'}`)
  }
  const finalStep = Math.max(lastStep, 1)
  const runs: ExternalRun[] = []
  for (const seed of [...cells.keys()].sort((x, y) => x - y)) {
    const c = cells.get(seed)!
    const evals = new Map<number, Metrics>()
    const train = new Map<number, Metrics>()
    for (const [kind, target] of [['eval', evals], ['train', train]] as const) {
      for (const [step, byKey] of c[kind]) {
        const s = step === 'final' ? finalStep : step
        const m = target.get(s) ?? {}
        for (const [key, cell] of byKey) if (step === 'final' || !(key in m)) m[key] = cell.v
        target.set(s, m)
      }
    }
    const history: Metrics[] = []
    const logged = [...train.keys()].sort((x, y) => x - y)
    for (const s of logged) {
      while (history.length < s - 1) history.push({})
      history.push(train.get(s)!)
    }
    runs.push({
      seed, file, steps: logged,
      record: toRecord(seed, history, [...evals].sort((x, y) => x[0] - y[0]).map(([step, metrics]) => ({ step, metrics })), {
        format: 'rlvr-json', file, arm, metrics: {},
        report: { ablation: String(doc.ablation ?? ''), backend: String(doc.backend ?? ''), engineVersion: String(doc.engineVersion ?? ''), arm: reportArm },
      }),
    })
  }
  for (const need of needInitial) {
    const [kind, key] = need.split(/:(.*)/s) as ['eval' | 'train', string]
    const missing = runs.filter((r) => kind === 'eval' ? !(r.record.evals[0]?.step === 0 && key in r.record.evals[0].metrics) : !(key in (r.record.history[0] ?? {})))
    if (missing.length) {
      warn(`report-initial:${key}`, `the report has no per-seed pre-RL value of '${key}' for seeds ${missing.map((r) => r.seed).join(', ')} (the seeds differ there and only the mean is kept): toIncrease/toDecrease on it cannot be re-gated`, file)
    }
  }
  return runs
}
