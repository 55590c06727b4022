// From runs to verdicts: read each hypothesis' metric per seed, test it one-sided in the claimed
// direction (paired by seed where arms share seeds), correct across the ablation's hypotheses with
// Holm, and decide supported / refuted / inconclusive. Pure: same runs, same results.
import type { RunRecord } from '../engine/trainer.js'
import {
  crossingInterval, crossoverEndTest, crossoverTest, decide, hedgesG, holm, meanBand, pairedEffectSize, pairedTTest, perSeedSlopes, powerHint,
  probabilityOfImprovement, signTest, summarize, tost, welchTTest, type Interval, type MinimumEffect, type SignTestResult, type TTestResult,
} from '../stats/index.js'
import type { ArmSummary, ControlResult, CrossoverEnd, HypothesisResult, SequentialResult, SweepResult } from '../report/types.js'
import type { ArmRuns } from '../runner/run-arms.js'
import { makeRng } from '../util/rng.js'
import { SpecError } from './errors.js'
import { readCurve, readInitial } from '../metrics/registry.js'
import { readValue, sparseSteps } from './read-value.js'
import { armsOf, type AblationDef, type ArmRef, type ClaimDef, type ComparisonDef, type HypothesisDef, type MetricRef, type PairedTestKind } from './spec.js'
import { armValidity, invalidControl } from './validity.js'
import { judgeSign, signSummary } from './sign-verdict.js'
import { significant } from '../util/format-number.js'

interface Tested {
  h: HypothesisDef
  arms: ArmSummary[]
  p: number
  pOpposite: number
  test: { name: string; paired: boolean }
  difference: { estimate: number; ci: Interval }
  effect: { g: number; ci: Interval } | null
  poi: number | null
  /** Effect the power hint uses (standardised for 't', the share of positive differences for 'sign'), and whether the design is paired. */
  power: { effect: number; paired: boolean; test: PairedTestKind }
  /** The sign test of the per-seed differences, when the comparison uses it. */
  sign?: SignTestResult
  margin?: number
  ci90?: Interval
  /** All paired differences equal (zero spread). */
  exact?: boolean
  /** The metric reads the same in every run of the arms (and before training, for a step-0 comparison). */
  constant?: number
  sweep?: SweepResult
  /** Standard error and df of the difference, for tests on the t scale (a sequential plan's interval). */
  se?: number
  df?: number
}

/** What a multiplicity rule sees of each tested comparison (in the family's order). */
export interface TestedView { h: HypothesisDef; p: number; pOpposite: number; estimate: number; se?: number; df?: number }
/**
 * The family's adjusted p-values; optionally an interval replacing each difference interval (null:
 * keep it) and a sequential record for the report. Default: Holm over this call's tests.
 */
export interface Adjusted { pAdj: number[]; pOppAdj: number[]; ci?: (Interval | null)[]; sequential?: (SequentialResult | undefined)[] }
export type Adjust = (tested: TestedView[], untested?: number) => Adjusted
/**
 * Holm over the family. Comparisons that could not be tested (an error row) still count in the
 * family's size, at p = 1: an error must not make the other hypotheses' correction milder.
 */
export const holmAdjust: Adjust = (tested, untested = 0) => {
  const family = (ps: number[]) => holm([...ps, ...new Array<number>(untested).fill(1)]).slice(0, ps.length)
  return { pAdj: family(tested.map((t) => t.p)), pOppAdj: family(tested.map((t) => t.pOpposite)) }
}

/** A claim's control comparison, judged like a hypothesis (and counted in the same Holm family). */
export interface ControlTest { claim: ClaimDef; kind: string; arm: string | null; derived: boolean; h: HypothesisDef }

/**
 * Runs to verdicts. `adjust` is the multiplicity rule over the tested comparisons (Holm by default;
 * a sequential plan passes its own, see stages.ts).
 */
export function evaluateAblation(def: AblationDef, active: HypothesisDef[], runs: ArmRuns, claims: ClaimDef[] = [], adjust: Adjust = holmAdjust): Map<number, HypothesisResult | Error> {
  const out = new Map<number, HypothesisResult | Error>()
  const controlTests = controlTestsOf(claims)
  const all = [...active, ...controlTests.map((c) => c.h)]
  const tested: Tested[] = []
  const failed = new Map<HypothesisDef, Error>()
  for (const h of all) {
    try { tested.push(test(h, def, runs)) } catch (e) { failed.set(h, e instanceof Error ? e : new Error(String(e))) }
  }
  const alpha = def.options.alpha
  const adjusted = adjust(tested.map((t) => ({ h: t.h, p: t.p, pOpposite: t.pOpposite, estimate: t.difference.estimate, se: t.se, df: t.df })), failed.size)
  const { pAdj, pOppAdj } = adjusted
  tested.forEach((t, i) => { const ci = adjusted.ci?.[i]; if (ci) t.difference.ci = ci })
  const anyRecord = [...runs.runs.values()].flat()[0]?.record
  const results = new Map<HypothesisDef, HypothesisResult>()
  tested.forEach((t, i) => {
    const judged = judgeOne(t, pAdj[i], pOppAdj[i], alpha)
    // A comparison against a control whose runs collapsed says nothing about the mechanism.
    const invalid = t.h.comparison.options?.aboutCollapse ? null : invalidControl(t.h.comparison, runs, def.options.validity.threshold)
    const { verdict, reason } = invalid ? { verdict: 'invalid control' as const, reason: `${invalid}; as tested: ${judged.verdict} (${judged.reason})` } : judged
    const c = t.h.comparison
    // Power at the level Holm tests this hypothesis at (alpha / m .. alpha), in the claimed direction.
    const s = claimSign(c)
    const hint = verdict === 'inconclusive' && s !== 0 && Number.isFinite(t.power.effect) && (t.power.test === 'sign' || t.power.effect !== 0)
      ? powerHint({ test: t.power.test, effect: t.power.test === 't' ? s * t.power.effect : s > 0 ? t.power.effect : 1 - t.power.effect, paired: t.power.paired, alpha, familySize: tested.length })
      : null
    const finiteOrNull = (n: number) => (Number.isFinite(n) ? n : null)
    const seedsFor80Power = hint && !hint.against ? finiteOrNull(hint.seeds.worst) : null
    results.set(t.h, {
      kind: 'hypothesis', ablation: def.name, hypothesis: t.h.name, metric: metricLabel(c.metric), comparison: c.kind,
      arms: t.arms,
      difference: { estimate: t.difference.estimate, ci: t.difference.ci, level: 1 - 2 * alpha },
      hedgesG: t.effect ? { estimate: t.effect.g, ci: t.effect.ci } : null,
      probabilityOfImprovement: t.poi,
      test: { ...t.test, p: t.p, pAdjusted: pAdj[i] },
      verdict, reason, seedsFor80Power,
      ...(hint ? { power: { ...hint, seeds: { worst: finiteOrNull(hint.seeds.worst), best: finiteOrNull(hint.seeds.best) } } } : {}),
      ...(t.sign ? { signTest: signSummary(t.sign, s, 1 - 2 * alpha) } : {}),
      expectedVerdict: t.h.expectedVerdict,
      organism: organismLabel(def), backend: anyRecord?.backend ?? 'unknown', engineVersion: anyRecord?.engineVersion ?? 'unknown',
      runs: { trained: runs.trained, cached: runs.cached, total: runs.total, published: runs.published ?? 0, spotChecked: runs.spotChecked ?? 0, list: runs.list ?? [] },
      ...(t.sweep ? { sweep: t.sweep } : {}),
      ...(adjusted.sequential?.[i] ? { sequential: adjusted.sequential[i] } : {}),
    })
  })
  for (const h of active) out.set(h.id, results.get(h) ?? failed.get(h)!)
  for (const c of claims) out.set(c.id, claimResult(def, c, controlTests.filter((t) => t.claim === c), results, failed))
  return out
}

/**
 * Claims expand into one comparison per present control: treatment > control (by the margin), or
 * for 'untrained' a rise over the treatment's own step-0 value.
 */
export function controlTestsOf(claims: ClaimDef[]): ControlTest[] {
  return claims.flatMap((c) => c.controls.filter((k) => k.arm !== undefined).map((k) => {
    const minEffect = c.margin > 0 ? { difference: c.margin } : undefined
    const comparison: ComparisonDef = k.arm === null
      ? { kind: 'increase', arm: c.treatment, metric: c.metric, minEffect }
      : { kind: 'greater', arm: c.treatment, other: k.arm!, metric: c.metric, minEffect }
    return { claim: c, kind: k.kind, arm: k.arm?.name ?? null, derived: k.derived, h: { id: -1, name: `${c.name} [vs ${k.kind}]`, comparison, mode: 'run', expectedVerdict: null } }
  }))
}

/** A claim holds only if the treatment beats every required control; one missing control fails it. */
export function claimResult(def: AblationDef, c: ClaimDef, tests: ControlTest[], results: Map<HypothesisDef, HypothesisResult>, failed: Map<HypothesisDef, Error>): HypothesisResult | Error {
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
      : judged.some((r) => r.verdict === 'invalid control') ? 'invalid control'
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
  if (c.kind === 'crossover') return judgeCrossover(t, c, pAdj, pOppAdj, alpha)
  if (c.kind === 'equivalent' || c.kind === 'unchanged') {
    const { lo, hi } = t.ci90!
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
  if (t.constant !== undefined) return { verdict: 'inconclusive', reason: constantReason(t.constant) }
  const direction = claimSign(c) > 0 ? 'greater' : 'less'
  if (t.sign) return judgeSign(t.sign, direction, pAdj, pOppAdj, alpha)
  const minEffect: MinimumEffect | undefined = 'minEffect' in c && c.minEffect
    ? ('difference' in c.minEffect ? c.minEffect : { standardized: c.minEffect.standardized, g: t.effect?.g ?? NaN, ci: t.effect?.ci ?? { lo: NaN, hi: NaN } })
    : undefined
  if (Number.isNaN(pAdj) || Number.isNaN(pOppAdj) || (pAdj < alpha && pOppAdj < alpha)) {
    return { verdict: 'inconclusive', reason: 'the test is undefined for these values (too few seeds or no variance)' }
  }
  return decide({ direction, p: pAdj, pOpposite: pOppAdj, diff: t.difference.estimate, ci: t.difference.ci, minEffect, alpha })
}

/** A directional test on a metric that never moves: more seeds cannot help, the organism is the limit. */
const constantReason = (v: number) => `metric constant: the organism cannot express this (every run reads ${fmt(v)})`

/** The one value of a metric that is the same everywhere, else undefined. */
function constantOf(values: number[][]): number | undefined {
  const all = values.flat()
  return all.length > 1 && all.every((v) => v === all[0]) ? all[0] : undefined
}

function test(h: HypothesisDef, def: AblationDef, runs: ArmRuns): Tested {
  const c = h.comparison
  const armRefs: ArmRef[] = armsOf(c)
  const failures = runs.failures.filter((f) => armRefs.some((a) => a.name === f.arm))
  if (failures.length) {
    throw new SpecError('RLVR_RUN_FAILED', `${failures.length} run(s) failed:\n    ${failures.map((f) => f.message).join('\n    ')}`,
      [def.file, `ablation '${def.name}'`, `hypothesis '${h.name}'`], 'the other runs finished and are cached; fix what the messages name (the config, e.g. a loss that turns non-finite, or the engine) and rerun: only the failed runs train again')
  }
  const level = 1 - 2 * def.options.alpha
  const armRuns = armRefs.map((a) => runs.runs.get(a.name)!)
  const reads = armRuns.map((list) => list.map((r) => readValue(r.record, c.metric, h.name)))
  const values = reads.map((list) => list.map((r) => r.value))
  const arms = armRefs.map((a, i) => {
    const summary = armSummary(a.name, armRuns[i], values[i], c.metric, def.options.validity.threshold)
    const ext = def.arms.find((x) => x.ref.name === a.name)?.external
    if (ext) summary.source = `read ${ext.read.runs.length} runs from ${ext.read.files.length} file(s)`
    if (ext?.read.warnings.length) summary.warnings = ext.read.warnings
    const used = sparseSteps(c.metric, reads[i])
    if (used) summary.stepsUsed = used
    return summary
  })

  // The sign test applies to directional comparisons; equivalence (TOST) keeps its own test.
  const useSign = (c.options?.test ?? def.options.test) === 'sign'
  const seedsOf = (i: number) => runs.runs.get(armRefs[i].name)!.map((r) => r.seed).join()
  const where = [def.file, `ablation '${def.name}'`, `hypothesis '${h.name}'`]
  if (c.kind === 'monotone' || c.kind === 'crossover') {
    const paired = def.options.paired !== false && armRefs.every((_a, i) => seedsOf(i) === seedsOf(0))
    if (c.kind === 'crossover' && useSign && !paired) throw unpairedSign(where, armRefs[0].name, armRefs[armRefs.length - 1].name)
    return sweepTest(h, c, values, arms, level, { paired, sign: useSign })
  }
  if (c.kind === 'greater' || c.kind === 'less' || c.kind === 'equivalent') {
    const [a, b] = values
    const sameSeeds = seedsOf(0) === seedsOf(1)
    if (def.options.paired === true && !sameSeeds) {
      throw new SpecError('RLVR_UNPAIRED', `paired: true, but arm '${armRefs[0].name}' has seeds [${seedsOf(0)}] and arm '${armRefs[1].name}' has [${seedsOf(1)}]`,
        [def.file, `ablation '${def.name}'`, `hypothesis '${h.name}'`], "give both arms the same seeds, or set paired: 'auto' (or false) for Welch's test")
    }
    const paired = def.options.paired !== false && sameSeeds
    const run = (alt: 'greater' | 'less'): TTestResult => (paired ? pairedTTest(a, b, alt, { level }) : welchTTest(a, b, alt, { level }))
    const g = hedgesG(a, b)
    const dz = paired ? pairedEffectSize(a, b) : g
    const base = { h, arms, test: { name: paired ? 'paired t' : 'Welch t', paired }, effect: { g: g.g, ci: g.ci }, power: { effect: dz.g, paired, test: 't' as const } }
    if (c.kind === 'equivalent') {
      const r = tost(a, b, c.margin, { paired })
      const exact = paired && a.every((v, i) => v - b[i] === a[0] - b[0])
      return { ...base, test: { name: `TOST (${paired ? 'paired' : 'Welch'})`, paired }, p: Number.isNaN(r.p) && exact ? 1 : r.p, pOpposite: NaN,
        difference: { estimate: r.diff, ci: r.ci90 }, poi: probabilityOfImprovement(a, b), margin: c.margin, ci90: r.ci90, exact }
    }
    const claimed = run(c.kind), opposite = run(c.kind === 'greater' ? 'less' : 'greater')
    const poi = c.kind === 'greater' ? probabilityOfImprovement(a, b) : probabilityOfImprovement(b, a)
    const constant = constantOf(values)
    if (useSign) {
      if (!paired) throw unpairedSign(where, armRefs[0].name, armRefs[1].name)
      return { ...signTested(base, a.map((v, i) => v - b[i]), c.kind, level, ''), difference: { estimate: claimed.diff, ci: claimed.ci }, se: claimed.se, df: claimed.df, poi, constant }
    }
    return { ...base, p: claimed.p, pOpposite: opposite.p, difference: { estimate: claimed.diff, ci: claimed.ci }, se: claimed.se, df: claimed.df, poi, constant }
  }
  // One arm: against its own pre-training value (paired per seed) or a fixed bound.
  const x = values[0]
  if (c.kind === 'unchanged') {
    const initialValues = armRuns[0].map((r) => initial(r.record, c.metric, h.name))
    const r = tost(x, initialValues, c.margin, { paired: true })
    const diffs = x.map((v, i) => v - initialValues[i])
    return {
      h, arms, test: { name: 'TOST (paired) vs step 0', paired: true }, p: Number.isNaN(r.p) ? 1 : r.p, pOpposite: NaN,
      difference: { estimate: r.diff, ci: r.ci90 }, effect: null, poi: null, power: { effect: NaN, paired: true, test: 't' },
      margin: c.margin, ci90: r.ci90, exact: diffs.every((d) => d === diffs[0]),
    }
  }
  const ref = c.kind === 'above' || c.kind === 'below'
    ? x.map(() => c.bound)
    : armRuns[0].map((r) => initial(r.record, c.metric, h.name))
  const alt = c.kind === 'increase' || c.kind === 'above' ? 'greater' : 'less'
  const claimed = pairedTTest(x, ref, alt, { level }), opposite = pairedTTest(x, ref, alt === 'greater' ? 'less' : 'greater', { level })
  const dz = pairedEffectSize(x, ref)
  const out: Tested = {
    h, arms, p: claimed.p, pOpposite: opposite.p, constant: constantOf(c.kind === 'increase' || c.kind === 'decrease' ? [x, ref] : [x]),
    test: { name: c.kind === 'increase' || c.kind === 'decrease' ? 'paired t vs step 0' : 'one-sample t', paired: true },
    difference: { estimate: claimed.diff, ci: claimed.ci }, effect: { g: dz.g, ci: dz.ci }, se: claimed.se, df: claimed.df,
    poi: c.kind === 'increase' || c.kind === 'decrease' ? (alt === 'greater' ? probabilityOfImprovement(x, ref) : probabilityOfImprovement(ref, x)) : null,
    power: { effect: dz.g, paired: true, test: 't' },
  }
  if (!useSign) return out
  return { ...signTested(out, x.map((v, i) => v - ref[i]), alt, level, 'bound' in c ? ` vs ${c.bound}` : ' vs step 0'), difference: out.difference }
}

/** The sign test of per-seed differences in place of the t test: p-values, name and power effect. */
function signTested<T extends Omit<Tested, 'p' | 'pOpposite' | 'difference' | 'poi'>>(base: T, d: number[], alt: 'greater' | 'less', level: number, vs: string): T & Pick<Tested, 'p' | 'pOpposite' | 'sign'> {
  const r = signTest(d, { level })
  return {
    ...base, sign: r, p: alt === 'greater' ? r.pGreater : r.pLess, pOpposite: alt === 'greater' ? r.pLess : r.pGreater,
    test: { name: `sign test${vs}`, paired: true }, power: { effect: r.share, paired: true, test: 'sign' },
  }
}

function unpairedSign(where: string[], a: string, b: string): SpecError {
  return new SpecError('RLVR_UNPAIRED', `test: 'sign' needs paired seeds, but arms '${a}' and '${b}' ran on different seeds`, where,
    "give the arms the same seeds, or use test: 't' (Welch's test) for this comparison")
}

/** +1 when the claim is that the value rises / is larger, -1 when it falls / is smaller (0 for TOST and crossovers). */
function claimSign(c: ComparisonDef): number {
  if (c.kind === 'greater' || c.kind === 'increase' || c.kind === 'above' || (c.kind === 'monotone' && c.direction === 'increasing')) return 1
  if (c.kind === 'less' || c.kind === 'decrease' || c.kind === 'below' || c.kind === 'monotone') return -1
  return 0
}

/**
 * Monotone: per-seed least-squares slope along the sweep, one-sample t (or sign) test against 0.
 * Crossover: intersection-union test of the two ends (src/stats/crossover-end-test.ts, crossover-test.ts), then where
 * the mean curves cross, by a bootstrap over seeds conditional on a crossing.
 */
function sweepTest(h: HypothesisDef, c: Extract<ComparisonDef, { kind: 'monotone' | 'crossover' }>, values: number[][], arms: ArmSummary[], level: number, o: { paired: boolean; sign: boolean }): Tested {
  const xs = [...c.sweep.values], X = xs.length
  const band = (v: number[][], name: string) => ({ name, ...meanBand(v) })
  const first = values.slice(0, X)
  if (c.kind === 'monotone') {
    const slopes = perSeedSlopes(xs, first)
    const zero = slopes.map(() => 0)
    const alt = c.direction === 'increasing' ? 'greater' : 'less'
    const claimed = pairedTTest(slopes, zero, alt, { level }), opposite = pairedTTest(slopes, zero, alt === 'greater' ? 'less' : 'greater', { level })
    const dz = pairedEffectSize(slopes, zero)
    const out: Tested = {
      h, arms: [arms[X - 1], arms[0]], p: claimed.p, pOpposite: opposite.p, test: { name: 'slope t', paired: true },
      difference: { estimate: claimed.diff, ci: claimed.ci }, effect: { g: dz.g, ci: dz.ci }, poi: null, power: { effect: dz.g, paired: true, test: 't' },
      se: claimed.se, df: claimed.df, sweep: { param: c.sweep.param, xs, conditions: [band(first, c.sweep.name)] },
    }
    return o.sign ? { ...signTested(out, slopes, alt, level, ' of slopes'), difference: out.difference } : out
  }
  const second = values.slice(X, 2 * X)
  // Each end: the value at the first / last x, or the mean over a pre-declared end region.
  const region = (vals: number[]) => vals.map((v) => xs.indexOf(v))
  const lowIdx = c.ends ? region(c.ends.low) : [0], highIdx = c.ends ? region(c.ends.high) : [X - 1]
  const endTest = (idx: number[]) => crossoverEndTest(first, second, idx, { paired: o.paired, test: o.sign ? 'sign' : 't', level })
  const low = endTest(lowIdx), high = endTest(highIdx)
  const iut = crossoverTest(low, high, c.start)
  const at = crossingInterval(xs, first, second, {
    rng: makeRng(0, `crossover:${c.sweep.name}:${c.otherSweep.name}`), paired: o.paired, direction: iut.start === 'above' ? 'down' : 'up',
  })
  const endLabel = (idx: number[]) => idx.map((j) => xs[j]).join(', ')
  const end = (e: typeof low, idx: number[]) => ({ values: idx.map((j) => xs[j]), label: endLabel(idx), diff: e.diff, ci: e.ci, pGreater: e.pGreater, pLess: e.pLess })
  return {
    h, arms: [arms[0], arms[X]], p: iut.p, pOpposite: iut.pOpposite,
    test: { name: `crossover: intersection-union of two ${o.sign ? 'sign' : o.paired ? 'paired t' : 'Welch t'} tests`, paired: o.paired },
    difference: { estimate: low.diff, ci: low.ci }, effect: null, poi: null, power: { effect: NaN, paired: o.paired, test: o.sign ? 'sign' : 't' },
    sweep: {
      param: c.sweep.param, xs, conditions: [band(first, c.sweep.name), band(second, c.otherSweep.name)],
      crossover: { ...at, start: iut.start, declared: c.start !== undefined, low: end(low, lowIdx), high: end(high, highIdx) },
    },
  }
}

/** Supported only when both ends are significant in opposite directions (Holm-adjusted IUT p < alpha). */
function judgeCrossover(t: Tested, c: Extract<ComparisonDef, { kind: 'crossover' }>, pAdj: number, pOppAdj: number, alpha: number): { verdict: HypothesisResult['verdict']; reason: string } {
  const x = t.sweep!.crossover!
  const q = c.sweep.param
  const first = x.start === 'above' ? 'above' : 'below', then = x.start === 'above' ? 'below' : 'above'
  const endText = (e: CrossoverEnd, claim: 'above' | 'below') =>
    `${q} = ${e.label}: ${fmt(e.diff)} (one-sided p=${fmt(claim === 'above' ? e.pGreater : e.pLess)})`
  const ends = `'${c.sweep.name}' minus '${c.otherSweep.name}' at ${endText(x.low!, first)}, at ${endText(x.high!, then)}`
  const where = x.x === null ? 'the mean difference does not cross'
    : `crossing at ${q} = ${fmt(x.x)} [${fmt(x.lo ?? NaN)}, ${fmt(x.hi ?? NaN)}] (bootstrap over seeds, given a crossing: ${fmt(100 * x.share)}% of replicates cross)`
  const claim = `${x.declared ? '' : 'better-supported orientation: '}${first} at the low end, ${then} at the high end`
  if (Number.isNaN(pAdj)) return { verdict: 'inconclusive', reason: `the end tests are undefined for these values (too few seeds or no variance); ${ends}` }
  if (pAdj < alpha) return { verdict: 'supported', reason: `both ends significant (${claim}): ${ends}; intersection-union Holm p=${fmt(pAdj)} < ${alpha}; ${where}` }
  if (pOppAdj < alpha) {
    return { verdict: 'refuted', reason: `${x.declared ? 'an end is significantly on the wrong side' : 'both ends are significantly on the same side'} (Holm p=${fmt(pOppAdj)} < ${alpha}): ${ends}` }
  }
  return { verdict: 'inconclusive', reason: `not both ends significant (${claim}): ${ends}; intersection-union Holm p=${fmt(pAdj)}; ${where}` }
}

function initial(run: RunRecord, m: MetricRef, hyp: string): number {
  if (m.custom) throw new Error(`hypothesis '${hyp}': toIncrease/toDecrease need a named metric (a custom metric has no pre-training value)`)
  return readInitial(run, m.name, m.def!)
}

function armSummary(name: string, list: { seed: number; record: RunRecord }[], values: number[], m: MetricRef, threshold: number): ArmSummary {
  const s = summarize(values, { rng: makeRng(0, `bootstrap:${name}`) })
  const out: ArmSummary = {
    name, n: s.n, mean: s.mean, median: s.median, iqm: s.iqm, std: s.std,
    ciT: s.ciT, ciBoot: s.ciBoot,
    values, seeds: list.map((r) => r.seed),
  }
  const validity = armValidity(list, threshold)
  if (validity) out.validity = validity
  if (m.def && list.length) {
    const curves = list.map((r) => readCurve(r.record, m.def!))
    const steps = curves[0].steps
    const at = (i: number) => curves.map((c) => c.values[i]).filter(Number.isFinite)
    out.curve = { steps, ...meanBand(steps.map((_s, i) => at(i))) }
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

const fmt = (v: number) => significant(v)
