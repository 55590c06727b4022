// From runs to verdicts: read each hypothesis' metric per seed, test it one-sided in the claimed
// direction (paired by seed where arms share seeds), correct across the ablation's hypotheses with
// Holm, and decide supported / refuted / inconclusive. Pure: same runs, same results.
import type { RunRecord } from '../engine/trainer.js'
import {
  decide, hedgesG, holm, pairedEffectSize, pairedTTest, probabilityOfImprovement, seedsForPower, summarize, tInterval,
  tost, welchTTest, type MinimumEffect, type TTestResult,
} from '../stats/index.js'
import type { ArmSummary, ControlResult, HypothesisResult, SweepResult } from '../report/types.js'
import type { ArmRuns } from '../runner/run-arms.js'
import { makeRng } from '../util/rng.js'
import { SpecError } from './errors.js'
import { readCurve, readInitial, readMetric } from './metrics.js'
import { armsOf, type AblationDef, type ArmRef, type ClaimDef, type ComparisonDef, type HypothesisDef, type MetricRef } from './spec.js'

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
  /** All paired differences equal (zero spread). */
  exact?: boolean
  sweep?: SweepResult
}

/** A claim's control comparison, judged like a hypothesis (and counted in the same Holm family). */
interface ControlTest { claim: ClaimDef; kind: string; arm: string | null; derived: boolean; h: HypothesisDef }

export function evaluateAblation(def: AblationDef, active: HypothesisDef[], runs: ArmRuns, claims: ClaimDef[] = []): Map<number, HypothesisResult | Error> {
  const out = new Map<number, HypothesisResult | Error>()
  // Claims expand into one comparison per present control: treatment > control (by the margin), or
  // for 'untrained' a rise over the treatment's own step-0 value.
  const controlTests: ControlTest[] = claims.flatMap((c) => c.controls.filter((k) => k.arm !== undefined).map((k) => {
    const minEffect = c.margin > 0 ? { difference: c.margin } : undefined
    const comparison: ComparisonDef = k.arm === null
      ? { kind: 'increase', arm: c.treatment, metric: c.metric, minEffect }
      : { kind: 'greater', arm: c.treatment, other: k.arm!, metric: c.metric, minEffect }
    return { claim: c, kind: k.kind, arm: k.arm?.name ?? null, derived: k.derived, h: { id: -1, name: `${c.name} [vs ${k.kind}]`, comparison, mode: 'run', expectedVerdict: null } }
  }))
  const all = [...active, ...controlTests.map((c) => c.h)]
  const tested: Tested[] = []
  const failed = new Map<HypothesisDef, Error>()
  for (const h of all) {
    try { tested.push(test(h, def, runs)) } catch (e) { failed.set(h, e instanceof Error ? e : new Error(String(e))) }
  }
  const alpha = def.options.alpha
  const pAdj = holm(tested.map((t) => t.p))
  const pOppAdj = holm(tested.map((t) => t.pOpposite))
  const anyRecord = [...runs.runs.values()].flat()[0]?.record
  const results = new Map<HypothesisDef, HypothesisResult>()
  tested.forEach((t, i) => {
    const { verdict, reason } = judgeOne(t, pAdj[i], pOppAdj[i], alpha)
    const c = t.h.comparison
    const seedsFor80Power = verdict === 'inconclusive' && Number.isFinite(t.power.effect) && t.power.effect !== 0
      ? seedsForPower(Math.abs(t.power.effect), { paired: t.power.paired, oneSided: true }) : null
    results.set(t.h, {
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
      ...(t.sweep ? { sweep: t.sweep } : {}),
    })
  })
  for (const h of active) out.set(h.id, results.get(h) ?? failed.get(h)!)
  for (const c of claims) out.set(c.id, claimResult(def, c, controlTests.filter((t) => t.claim === c), results, failed))
  return out
}

/** A claim holds only if the treatment beats every required control; one missing control fails it. */
function claimResult(def: AblationDef, c: ClaimDef, tests: ControlTest[], results: Map<HypothesisDef, HypothesisResult>, failed: Map<HypothesisDef, Error>): HypothesisResult | Error {
  const err = tests.map((t) => failed.get(t.h)).find(Boolean)
  if (err) return err
  const controls: ControlResult[] = c.controls.map((k) => {
    const t = tests.find((x) => x.kind === k.kind)
    const r = t && results.get(t.h)
    if (!r) return { control: k.kind, present: false, arm: null, derived: false, difference: null, pAdjusted: null, verdict: 'missing' }
    return { control: k.kind, present: true, arm: t!.arm, derived: t!.derived, difference: r.difference, pAdjusted: r.test.pAdjusted, verdict: r.verdict }
  })
  const missing = controls.filter((k) => !k.present).map((k) => k.control)
  const judged = tests.map((t) => results.get(t.h)!)
  // The row shows the binding control: the one with the smallest lower bound over the treatment.
  const binding = judged.slice().sort((a, b) => (a.difference?.ci.lo ?? Infinity) - (b.difference?.ci.lo ?? Infinity))[0]
  const verdict: HypothesisResult['verdict'] = missing.length ? 'inconclusive'
    : judged.some((r) => r.verdict === 'refuted') ? 'refuted'
      : judged.every((r) => r.verdict === 'supported') ? 'supported' : 'inconclusive'
  const reason = missing.length
    ? `missing control${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
    : `beats ${judged.filter((r) => r.verdict === 'supported').length}/${judged.length} controls` +
      (judged.some((r) => r.verdict !== 'supported') ? `; not: ${controls.filter((k) => k.verdict !== 'supported').map((k) => `${k.control} (${k.verdict})`).join(', ')}` : '')
  const base = binding ?? undefined
  return {
    kind: 'claim', ablation: def.name, hypothesis: c.name, metric: metricLabel(c.metric), comparison: 'greater',
    arms: base ? base.arms : [], difference: base?.difference ?? null, hedgesG: base?.hedgesG ?? null,
    probabilityOfImprovement: base?.probabilityOfImprovement ?? null,
    test: { name: base ? `${base.test.name} (binding control)` : 'none', paired: base?.test.paired ?? false, p: base?.test.p ?? NaN, pAdjusted: judged.length ? Math.max(...judged.map((r) => r.test.pAdjusted)) : NaN },
    verdict, reason, seedsFor80Power: base?.seedsFor80Power ?? null, expectedVerdict: null,
    organism: organismLabel(def), backend: base?.backend ?? 'unknown', engineVersion: base?.engineVersion ?? 'unknown',
    runs: base?.runs ?? { trained: 0, cached: 0, total: 0 }, controls,
  }
}

function judgeOne(t: Tested, pAdj: number, pOppAdj: number, alpha: number): { verdict: HypothesisResult['verdict']; reason: string } {
  const c = t.h.comparison
  if (c.kind === 'crossover') {
    const x = t.sweep!.crossover!
    const at = x.x === null ? 'no crossover in the mean difference' : `crossover at ${c.sweep.param} = ${fmt(x.x)} [${fmt(x.lo ?? NaN)}, ${fmt(x.hi ?? NaN)}]`
    if (x.x !== null && pAdj < alpha) return { verdict: 'supported', reason: `${at}; ${fmt(100 * x.share)}% of bootstrap replicates cross (p=${fmt(pAdj)})` }
    if (x.share <= alpha) return { verdict: 'refuted', reason: `${at}; only ${fmt(100 * x.share)}% of bootstrap replicates cross` }
    return { verdict: 'inconclusive', reason: `${at}; ${fmt(100 * x.share)}% of bootstrap replicates cross (p=${fmt(pAdj)})` }
  }
  if (c.kind === 'equivalent' || c.kind === 'unchanged') {
    const [lo, hi] = t.ci90!
    // Every seed moved by exactly the same amount (e.g. a reward that is always 0 moves nothing):
    // the t machinery is undefined, the answer is not.
    if (Number.isNaN(lo) && Number.isFinite(t.difference.estimate) && t.exact) {
      const d = t.difference.estimate
      return Math.abs(d) < t.margin!
        ? { verdict: 'supported', reason: `every seed differs by exactly ${fmt(d)}, inside ±${t.margin}` }
        : { verdict: 'refuted', reason: `every seed differs by exactly ${fmt(d)}, outside ±${t.margin}` }
    }
    if (pAdj < alpha) return { verdict: 'supported', reason: `TOST p=${fmt(pAdj)} < ${alpha}: 90% interval [${fmt(lo)}, ${fmt(hi)}] inside ±${t.margin}` }
    if (lo > t.margin! || hi < -t.margin!) return { verdict: 'refuted', reason: `90% interval [${fmt(lo)}, ${fmt(hi)}] lies outside ±${t.margin}` }
    return { verdict: 'inconclusive', reason: `TOST p=${fmt(pAdj)}; 90% interval [${fmt(lo)}, ${fmt(hi)}] not inside ±${t.margin}` }
  }
  const direction = c.kind === 'greater' || c.kind === 'increase' || c.kind === 'above' || (c.kind === 'monotone' && c.direction === 'increasing') ? 'greater' : 'less'
  const minEffect: MinimumEffect | undefined = 'minEffect' in c && c.minEffect
    ? ('difference' in c.minEffect ? c.minEffect : { standardized: c.minEffect.standardized, g: t.effect?.g ?? NaN, ci: t.effect?.ci ?? [NaN, NaN] })
    : undefined
  if (Number.isNaN(pAdj) || Number.isNaN(pOppAdj) || (pAdj < alpha && pOppAdj < alpha)) {
    return { verdict: 'inconclusive', reason: 'the test is undefined for these values (too few seeds or no variance)' }
  }
  return decide({ direction, p: pAdj, pOpposite: pOppAdj, diff: t.difference.estimate, ci: t.difference.ci, minEffect, alpha })
}

function test(h: HypothesisDef, def: AblationDef, runs: ArmRuns): Tested {
  const c = h.comparison
  const armRefs: ArmRef[] = armsOf(c)
  const failures = runs.failures.filter((f) => armRefs.some((a) => a.name === f.arm))
  if (failures.length) {
    throw new SpecError('RLVR_RUN_FAILED', `${failures.length} run(s) failed:\n    ${failures.map((f) => f.message).join('\n    ')}`,
      [def.file, `ablation '${def.name}'`, `hypothesis '${h.name}'`], 'the other runs finished and are cached; fix the config and rerun')
  }
  const level = 1 - 2 * def.options.alpha
  const armRuns = armRefs.map((a) => runs.runs.get(a.name)!)
  const values = armRuns.map((list) => list.map((r) => read(r.record, c.metric, h.name)))
  const arms = armRefs.map((a, i) => {
    const summary = armSummary(a.name, armRuns[i], values[i], c.metric)
    const ext = def.arms.find((x) => x.ref.name === a.name)?.external
    if (ext) summary.source = `read ${ext.read.runs.length} runs from ${ext.read.files.length} file(s)`
    return summary
  })

  if (c.kind === 'monotone' || c.kind === 'crossover') return sweepTest(h, c, values, arms, level)
  if (c.kind === 'greater' || c.kind === 'less' || c.kind === 'equivalent') {
    const [a, b] = values
    const seedsOf = (i: number) => runs.runs.get(armRefs[i].name)!.map((r) => r.seed).join()
    const sameSeeds = seedsOf(0) === seedsOf(1)
    if (def.options.paired === true && !sameSeeds) {
      throw new SpecError('RLVR_UNPAIRED', `paired: true, but arm '${armRefs[0].name}' has seeds [${seedsOf(0)}] and arm '${armRefs[1].name}' has [${seedsOf(1)}]`,
        [def.file, `ablation '${def.name}'`, `hypothesis '${h.name}'`], "give both arms the same seeds, or set paired: 'auto' (or false) for Welch's test")
    }
    const paired = def.options.paired !== false && sameSeeds
    const run = (alt: 'greater' | 'less'): TTestResult => (paired ? pairedTTest(a, b, alt, { level }) : welchTTest(a, b, alt, { level }))
    const g = hedgesG(a, b)
    const dz = paired ? pairedEffectSize(a, b) : g
    const base = { h, arms, test: { name: paired ? 'paired t' : 'Welch t', paired }, effect: { g: g.g, ci: g.ci }, power: { effect: dz.g, paired } }
    if (c.kind === 'equivalent') {
      const r = tost(a, b, c.margin, { paired })
      const exact = paired && a.every((v, i) => v - b[i] === a[0] - b[0])
      return { ...base, test: { name: `TOST (${paired ? 'paired' : 'Welch'})`, paired }, p: Number.isNaN(r.p) && exact ? 1 : r.p, pOpposite: NaN,
        difference: { estimate: r.diff, ci: r.ci90 }, poi: probabilityOfImprovement(a, b), margin: c.margin, ci90: r.ci90, exact }
    }
    const claimed = run(c.kind), opposite = run(c.kind === 'greater' ? 'less' : 'greater')
    return { ...base, p: claimed.p, pOpposite: opposite.p, difference: { estimate: claimed.diff, ci: claimed.ci },
      poi: c.kind === 'greater' ? probabilityOfImprovement(a, b) : probabilityOfImprovement(b, a) }
  }
  // One arm: against its own pre-training value (paired per seed) or a fixed bound.
  const x = values[0]
  if (c.kind === 'unchanged') {
    const initialValues = armRuns[0].map((r) => initial(r.record, c.metric, h.name))
    const r = tost(x, initialValues, c.margin, { paired: true })
    const diffs = x.map((v, i) => v - initialValues[i])
    return {
      h, arms, test: { name: 'TOST (paired) vs step 0', paired: true }, p: Number.isNaN(r.p) ? 1 : r.p, pOpposite: NaN,
      difference: { estimate: r.diff, ci: r.ci90 }, effect: null, poi: null, power: { effect: NaN, paired: true },
      margin: c.margin, ci90: r.ci90, exact: diffs.every((d) => d === diffs[0]),
    }
  }
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

/** Per-seed slope along the sweep (monotone), or where the two sweeps' mean difference changes sign (crossover). */
function sweepTest(h: HypothesisDef, c: Extract<ComparisonDef, { kind: 'monotone' | 'crossover' }>, values: number[][], arms: ArmSummary[], level: number): Tested {
  const xs = [...c.sweep.values], X = xs.length
  const seeds = Math.min(...values.map((v) => v.length))
  const band = (v: number[][], name: string) => ({
    name, mean: v.map((a) => a.reduce((s, x) => s + x, 0) / a.length), lo: v.map((a) => tInterval(a)[0]), hi: v.map((a) => tInterval(a)[1]),
  })
  const first = values.slice(0, X)
  if (c.kind === 'monotone') {
    const xm = xs.reduce((a, b) => a + b, 0) / X
    const sxx = xs.reduce((a, x) => a + (x - xm) ** 2, 0)
    const slopes = Array.from({ length: seeds }, (_, i) => {
      const ym = first.reduce((a, v) => a + v[i], 0) / X
      return first.reduce((a, v, j) => a + (xs[j] - xm) * (v[i] - ym), 0) / sxx
    })
    const zero = slopes.map(() => 0)
    const alt = c.direction === 'increasing' ? 'greater' : 'less'
    const claimed = pairedTTest(slopes, zero, alt, { level }), opposite = pairedTTest(slopes, zero, alt === 'greater' ? 'less' : 'greater', { level })
    const dz = pairedEffectSize(slopes, zero)
    return {
      h, arms: [arms[X - 1], arms[0]], p: claimed.p, pOpposite: opposite.p, test: { name: 'slope t', paired: true },
      difference: { estimate: claimed.diff, ci: claimed.ci }, effect: { g: dz.g, ci: dz.ci }, poi: null, power: { effect: dz.g, paired: true },
      sweep: { param: c.sweep.param, xs, conditions: [band(first, c.sweep.name)] },
    }
  }
  const second = values.slice(X, 2 * X)
  const diffCurve = (idx: number[]) => xs.map((_x, j) => idx.reduce((a, i) => a + first[j][i] - second[j][i], 0) / idx.length)
  const all = Array.from({ length: seeds }, (_, i) => i)
  const x0 = crossing(xs, diffCurve(all))
  const rng = makeRng(0, `crossover:${c.sweep.name}:${c.otherSweep.name}`)
  const reps = 2000
  const hits: number[] = []
  for (let r = 0; r < reps; r++) {
    const x = crossing(xs, diffCurve(all.map(() => rng.int(seeds))))
    if (x !== null) hits.push(x)
  }
  hits.sort((a, b) => a - b)
  const q = (p: number) => (hits.length ? hits[Math.min(hits.length - 1, Math.floor(p * hits.length))] : null)
  const share = hits.length / reps
  const p = (1 + reps - hits.length) / (reps + 1) // bootstrap p of "no crossover"
  return {
    h, arms: [arms[0], arms[X]], p, pOpposite: 1 - p, test: { name: 'bootstrap crossover', paired: true },
    difference: { estimate: diffCurve(all)[0], ci: [NaN, NaN] }, effect: null, poi: null, power: { effect: NaN, paired: true },
    sweep: {
      param: c.sweep.param, xs, conditions: [band(first, c.sweep.name), band(second, c.otherSweep.name)],
      crossover: { x: x0, lo: q(0.025), hi: q(0.975), share },
    },
  }
}

/** First x where the curve changes sign (linear interpolation between neighbours); null if it never does. */
export function crossing(xs: number[], d: number[]): number | null {
  for (let j = 0; j + 1 < xs.length; j++) {
    if (d[j] === 0) return xs[j]
    if (Math.sign(d[j]) !== Math.sign(d[j + 1]) && d[j + 1] !== 0) return xs[j] + (xs[j + 1] - xs[j]) * (d[j] / (d[j] - d[j + 1]))
  }
  return d.at(-1) === 0 ? xs.at(-1)! : null
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

export function metricLabel(m: MetricRef): string {
  const at = m.at
  const where = 'final' in at ? 'final' : 'step' in at ? `step ${at.step}` : `mean steps ${at.meanOverSteps[0]}-${at.meanOverSteps[1]}`
  return `${m.name} (${where})`
}

export function organismLabel(def: AblationDef): string {
  if (def.arms.length && def.arms.every((a) => a.external)) return 'external runs'
  const o = def.arms.find((a) => a.config)?.config!.organism ?? def.base.organism
  return typeof o === 'string' ? o : o ? `inline ${o.kind}` : 'toy-linear'
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v))
