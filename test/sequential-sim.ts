// Simulated ablations for the sequential plan (no training): arms are per-seed normal draws, each
// hypothesis "arm X > control" is tested with the paired t test, and the stages, repeated p-values,
// Holm family and verdicts go through the DSL's own code (runStages, SequentialFamily, decide).
// Used by test/sequential-calibration.test.ts and bench/sequential.bench.ts.
import { runStages, type StageItem } from '../src/dsl/stages.js'
import type { SeedPlan } from '../src/dsl/seed-plan.js'
import { decide, pairedTTest, signTest, type TestVerdict as Verdict } from '../src/stats/index.js'
import { makeRng } from '../src/util/rng.js'

export interface SimSetup {
  plan: SeedPlan
  alpha: number
  /** Per treatment arm, its true mean shift over the control (per-seed SD 1 in every arm). */
  shifts: number[]
  /** Simulated ablations. */
  ablations: number
  seed: number
  /** The per-look test: paired t (default), or the sign test (its interval is the t test's, as in evaluate.ts). */
  test?: 't' | 'sign'
}

export interface SimSummary {
  /** Per hypothesis: share supported / refuted, mean seeds at decision. */
  supported: number[]
  refuted: number[]
  seeds: number[]
  /** Share of ablations with at least one 'supported' among the hypotheses whose shift is 0. */
  familyFalsePositive: number
  /** Mean runs per ablation (arms x seeds trained), and the fixed design's at max. */
  runs: number
  maxRuns: number
}

interface Hyp extends StageItem { index: number }

/** One simulated ablation: the verdict and seeds of each hypothesis, and the runs it trained. */
async function simulateOne(s: SimSetup, values: number[][]): Promise<{ verdicts: Verdict[]; seeds: number[]; runs: number }> {
  const level = 1 - 2 * s.alpha
  const items: Hyp[] = s.shifts.map((_d, i) => ({ key: `h${i}`, arms: [`arm${i}`, 'control'], index: i }))
  const control = values[s.shifts.length]
  const { decided, armSeeds } = await runStages<Hyp, Verdict>(s.plan, s.alpha, items, (_k, open, seeds, adjust) => {
    const n = seeds.length
    const tests = open.map((h) => {
      const a = values[h.index].slice(0, n), b = control.slice(0, n)
      // The opposite direction's p is 1 - p of the same t (the DSL runs a second test; same number, half the time).
      const claimed = pairedTTest(a, b, 'greater', { level })
      if (s.test !== 'sign') return { claimed, p: claimed.p, pOpposite: 1 - claimed.p, se: claimed.se, df: claimed.df }
      const sign = signTest(a.map((v, i) => v - b[i]))
      return { claimed, p: sign.pGreater, pOpposite: sign.pLess, se: claimed.se, df: claimed.df }
    })
    const adj = adjust(open.map((h, i) => ({ key: h.key, p: tests[i].p, pOpposite: tests[i].pOpposite, estimate: tests[i].claimed.diff, se: tests[i].se, df: tests[i].df })))
    return new Map(open.map((h, i) => {
      const { claimed } = tests[i], a = adj[i]
      const verdict: Verdict = Number.isNaN(a.pAdj) || Number.isNaN(a.pOppAdj) ? 'inconclusive'
        : decide({ direction: 'greater', p: a.pAdj, pOpposite: a.pOppAdj, diff: claimed.diff, ci: a.ci ?? claimed.ci, alpha: s.alpha }).verdict
      return [h, { result: verdict, decided: verdict !== 'inconclusive' }]
    }))
  })
  const verdicts = items.map((h) => decided.get(h)!.result)
  const seeds = items.map((h) => s.plan.looks[decided.get(h)!.stage - 1])
  return { verdicts, seeds, runs: [...armSeeds.values()].reduce((x, y) => x + y, 0) }
}

export async function simulate(s: SimSetup): Promise<SimSummary> {
  const rng = makeRng(s.seed, 'sequential-sim')
  const H = s.shifts.length, N = s.plan.seeds.length
  const supported = new Array(H).fill(0), refuted = new Array(H).fill(0), seeds = new Array(H).fill(0)
  let family = 0, runs = 0
  for (let r = 0; r < s.ablations; r++) {
    const values = [...s.shifts, 0].map((d) => Array.from({ length: N }, () => d + rng.normal()))
    const one = await simulateOne(s, values)
    one.verdicts.forEach((v, i) => { if (v === 'supported') supported[i]++; if (v === 'refuted') refuted[i]++; seeds[i] += one.seeds[i] })
    if (one.verdicts.some((v, i) => v === 'supported' && s.shifts[i] === 0)) family++
    runs += one.runs
  }
  const per = (x: number[]) => x.map((v) => v / s.ablations)
  return { supported: per(supported), refuted: per(refuted), seeds: per(seeds), familyFalsePositive: family / s.ablations, runs: runs / s.ablations, maxRuns: (H + 1) * N }
}

/** The plan `{ initial, step, max }` from seed 0, and the fixed design at max as a one-look plan. */
export const stepPlan = (initial: number, step: number, max: number, spending: SeedPlan['spending'] = 'obrien-fleming'): SeedPlan => {
  const looks: number[] = []
  for (let n = initial; n < max; n += step) looks.push(n)
  looks.push(max)
  return { seeds: Array.from({ length: max }, (_, i) => i), looks, spending }
}
export const fixedPlan = (max: number): SeedPlan => ({ seeds: Array.from({ length: max }, (_, i) => i), looks: [max], spending: 'obrien-fleming' })
