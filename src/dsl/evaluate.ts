// From runs to verdicts: read each hypothesis' metric per seed, test it one-sided in the claimed
// direction (paired by seed where arms share seeds), correct across the ablation's hypotheses with
// Holm, and decide supported / refuted / inconclusive. Pure: same runs, same results.
import type { RunRecord } from '../engine/trainer.js'
import {
  decide, hedgesG, holm, pairedEffectSize, pairedTTest, probabilityOfImprovement, seedsForPower, summarize, tInterval,
  tost, welchTTest, type MinimumEffect, type TTestResult,
} from '../stats/index.js'
import type { ArmSummary, HypothesisResult } from '../report/types.js'
import type { ArmRuns } from '../runner/run-arms.js'
import { makeRng } from '../util/rng.js'
import { SpecError } from './errors.js'
import { readCurve, readInitial, readMetric } from './metrics.js'
import type { AblationDef, ArmRef, ComparisonDef, HypothesisDef, MetricRef } from './spec.js'

interface Tested {
  h: HypothesisDef
  arms: ArmSummary[]
  p: number
  pOpposite: number
  test: { name: string; paired: boolean }
  difference: { estimate: number; ci: [number, number] }
  effect: { g: number; ci: [number, number] } | null
  poi: number | null
  /** Standardised effect the power calculation uses, and whether the design is paired. */
  power: { effect: number; paired: boolean }
  margin?: number
  ci90?: [number, number]
}

export function evaluateAblation(def: AblationDef, active: HypothesisDef[], runs: ArmRuns): Map<number, HypothesisResult | Error> {
  const out = new Map<number, HypothesisResult | Error>()
  const tested: Tested[] = []
  for (const h of active) {
    try { tested.push(test(h, def, runs)) } catch (e) { out.set(h.id, e instanceof Error ? e : new Error(String(e))) }
  }
  const alpha = def.options.alpha
  const pAdj = holm(tested.map((t) => t.p))
  const pOppAdj = holm(tested.map((t) => t.pOpposite))
  const anyRecord = [...runs.runs.values()].flat()[0]?.record
  tested.forEach((t, i) => {
    const c = t.h.comparison
    let verdict: HypothesisResult['verdict'], reason: string
    if (c.kind === 'equivalent') {
      const [lo, hi] = t.ci90!
      if (pAdj[i] < alpha) { verdict = 'supported'; reason = `TOST p=${fmt(pAdj[i])} < ${alpha}: 90% interval [${fmt(lo)}, ${fmt(hi)}] inside ±${t.margin}` }
      else if (lo > t.margin! || hi < -t.margin!) { verdict = 'refuted'; reason = `90% interval [${fmt(lo)}, ${fmt(hi)}] lies outside ±${t.margin}` }
      else { verdict = 'inconclusive'; reason = `TOST p=${fmt(pAdj[i])}; 90% interval [${fmt(lo)}, ${fmt(hi)}] not inside ±${t.margin}` }
    } else {
      const direction = c.kind === 'greater' || c.kind === 'increase' || c.kind === 'above' ? 'greater' : 'less'
      const minEffect: MinimumEffect | undefined = 'minEffect' in c && c.minEffect
        ? ('difference' in c.minEffect ? c.minEffect : { standardized: c.minEffect.standardized, g: t.effect?.g ?? NaN, ci: t.effect?.ci ?? [NaN, NaN] })
        : undefined
      const d = Number.isNaN(pAdj[i]) || Number.isNaN(pOppAdj[i]) || (pAdj[i] < alpha && pOppAdj[i] < alpha)
        ? { verdict: 'inconclusive' as const, reason: 'the test is undefined for these values (too few seeds or no variance)' }
        : decide({ direction, p: pAdj[i], pOpposite: pOppAdj[i], diff: t.difference.estimate, ci: t.difference.ci, minEffect, alpha })
      verdict = d.verdict; reason = d.reason
    }
    const seedsFor80Power = verdict === 'inconclusive' && Number.isFinite(t.power.effect) && t.power.effect !== 0
      ? seedsForPower(Math.abs(t.power.effect), { paired: t.power.paired, oneSided: true }) : null
    out.set(t.h.id, {
      kind: 'hypothesis', ablation: def.name, hypothesis: t.h.name, metric: metricLabel(c.metric), comparison: c.kind,
      arms: t.arms,
      difference: { estimate: t.difference.estimate, ci: { lo: t.difference.ci[0], hi: t.difference.ci[1] }, level: 1 - 2 * alpha },
      hedgesG: t.effect ? { estimate: t.effect.g, ci: { lo: t.effect.ci[0], hi: t.effect.ci[1] } } : null,
      probabilityOfImprovement: t.poi,
      test: { ...t.test, p: t.p, pAdjusted: pAdj[i] },
      verdict, reason, seedsFor80Power: seedsFor80Power === null || Number.isFinite(seedsFor80Power) ? seedsFor80Power : null,
      expectedVerdict: t.h.expectedVerdict,
      organism: organismLabel(def), backend: anyRecord?.backend ?? 'unknown', engineVersion: anyRecord?.engineVersion ?? 'unknown',
      runs: { trained: runs.trained, cached: runs.cached, total: runs.total },
    })
  })
  return out
}

function test(h: HypothesisDef, def: AblationDef, runs: ArmRuns): Tested {
  const c = h.comparison
  const armRefs: ArmRef[] = 'other' in c ? [c.arm, c.other] : [c.arm]
  const failures = runs.failures.filter((f) => armRefs.some((a) => a.name === f.arm))
  if (failures.length) {
    throw new SpecError('RLVR_RUN_FAILED', `${failures.length} run(s) failed:\n    ${failures.map((f) => f.message).join('\n    ')}`,
      [def.file, `ablation '${def.name}'`, `hypothesis '${h.name}'`], 'the other runs finished and are cached; fix the config and rerun')
  }
  const level = 1 - 2 * def.options.alpha
  const armRuns = armRefs.map((a) => runs.runs.get(a.name)!)
  const values = armRuns.map((list) => list.map((r) => read(r.record, c.metric, h.name)))
  const arms = armRefs.map((a, i) => armSummary(a.name, armRuns[i], values[i], c.metric))

  if (c.kind === 'greater' || c.kind === 'less' || c.kind === 'equivalent') {
    const [a, b] = values
    const paired = def.options.paired && a.length === b.length
    const run = (alt: 'greater' | 'less'): TTestResult => (paired ? pairedTTest(a, b, alt, { level }) : welchTTest(a, b, alt, { level }))
    const g = hedgesG(a, b)
    const dz = paired ? pairedEffectSize(a, b) : g
    const base = { h, arms, test: { name: paired ? 'paired t' : 'Welch t', paired }, effect: { g: g.g, ci: g.ci }, power: { effect: dz.g, paired } }
    if (c.kind === 'equivalent') {
      const r = tost(a, b, c.margin, { paired })
      return { ...base, test: { name: `TOST (${paired ? 'paired' : 'Welch'})`, paired }, p: r.p, pOpposite: NaN,
        difference: { estimate: r.diff, ci: r.ci90 }, poi: probabilityOfImprovement(a, b), margin: c.margin, ci90: r.ci90 }
    }
    const claimed = run(c.kind), opposite = run(c.kind === 'greater' ? 'less' : 'greater')
    return { ...base, p: claimed.p, pOpposite: opposite.p, difference: { estimate: claimed.diff, ci: claimed.ci },
      poi: c.kind === 'greater' ? probabilityOfImprovement(a, b) : probabilityOfImprovement(b, a) }
  }
  // One arm: against its own pre-training value (paired per seed) or a fixed bound.
  const x = values[0]
  const ref = c.kind === 'above' || c.kind === 'below'
    ? x.map(() => c.bound)
    : armRuns[0].map((r) => initial(r.record, c.metric, h.name))
  const alt = c.kind === 'increase' || c.kind === 'above' ? 'greater' : 'less'
  const claimed = pairedTTest(x, ref, alt, { level }), opposite = pairedTTest(x, ref, alt === 'greater' ? 'less' : 'greater', { level })
  const dz = pairedEffectSize(x, ref)
  return {
    h, arms, p: claimed.p, pOpposite: opposite.p,
    test: { name: c.kind === 'increase' || c.kind === 'decrease' ? 'paired t vs step 0' : 'one-sample t', paired: true },
    difference: { estimate: claimed.diff, ci: claimed.ci }, effect: { g: dz.g, ci: dz.ci },
    poi: c.kind === 'increase' || c.kind === 'decrease' ? (alt === 'greater' ? probabilityOfImprovement(x, ref) : probabilityOfImprovement(ref, x)) : null,
    power: { effect: dz.g, paired: true },
  }
}

function read(run: RunRecord, m: MetricRef, hyp: string): number {
  const v = m.custom ? m.custom(run) : readMetric(run, m.name, m.def!, m.at)
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`hypothesis '${hyp}': metric ${m.name} is ${v} for seed ${run.seed}; a custom metric must return a finite number`)
  }
  return v
}

function initial(run: RunRecord, m: MetricRef, hyp: string): number {
  if (m.custom) throw new Error(`hypothesis '${hyp}': toIncrease/toDecrease need a named metric (a custom metric has no pre-training value)`)
  return readInitial(run, m.name, m.def!)
}

function armSummary(name: string, list: { seed: number; record: RunRecord }[], values: number[], m: MetricRef): ArmSummary {
  const s = summarize(values, { rng: makeRng(0, `bootstrap:${name}`) })
  const out: ArmSummary = {
    name, n: s.n, mean: s.mean, median: s.median, iqm: s.iqm, std: s.std,
    ciT: { lo: s.ciT[0], hi: s.ciT[1] }, ciBoot: { lo: s.ciBoot[0], hi: s.ciBoot[1] },
    values, seeds: list.map((r) => r.seed),
  }
  if (m.def && list.length) {
    const curves = list.map((r) => readCurve(r.record, m.def!))
    const steps = curves[0].steps
    const at = (i: number) => curves.map((c) => c.values[i]).filter(Number.isFinite)
    out.curve = {
      steps,
      mean: steps.map((_s, i) => { const v = at(i); return v.reduce((a, b) => a + b, 0) / v.length }),
      lo: steps.map((_s, i) => tInterval(at(i))[0]),
      hi: steps.map((_s, i) => tInterval(at(i))[1]),
    }
  }
  return out
}

function metricLabel(m: MetricRef): string {
  const at = m.at
  const where = 'final' in at ? 'final' : 'step' in at ? `step ${at.step}` : `mean steps ${at.meanOverSteps[0]}-${at.meanOverSteps[1]}`
  return `${m.name} (${where})`
}

function organismLabel(def: AblationDef): string {
  const o = def.arms[0]?.config.organism ?? def.base.organism
  return typeof o === 'string' ? o : o ? `inline ${o.kind}` : 'toy-linear'
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v))
