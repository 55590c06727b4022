// The stage loop of a sequential seeds plan: train the seeds of the next look for the arms that an
// undecided hypothesis still uses, re-test every undecided hypothesis, decide with the sequential
// family (sequential-family.ts), stop a hypothesis once it is supported or refuted, and stop when
// none is open or the last look is done. Each stage goes through runArms, so it resumes from the run
// cache and is a pure function of the cached runs. See docs/sequential.md.
import type { ArmRuns } from '../runner/run-arms.js'
import { runArms } from '../runner/run-arms.js'
import { publishedSeeds } from '../runner/published.js'
import { Progress } from '../runner/progress.js'
import { canonicalJson } from '../util/hash.js'
import type { HypothesisResult } from '../report/types.js'
import { claimResult, controlTestsOf, evaluateAblation } from './evaluate.js'
import { maxLooks } from './environment.js'
import { SequentialFamily, type LookInput, type LookOutput } from './sequential-family.js'
import type { SeedPlan } from './seed-plan.js'
import { armsOf, type AblationDef, type ArmDef, type ClaimDef, type HypothesisDef } from './spec.js'

/** A hypothesis as the loop sees it: a stable key and the arms it reads. */
export interface StageItem { key: string; arms: readonly string[] }
/** What a stage reports per open hypothesis: its result, and whether it is decided. */
export interface StageOutcome<R> { result: R; decided: boolean }
/** Train and test the open hypotheses at look k (0-based) on the first `seeds.length` seeds; `adjust` is the family's rule. */
export type StageStep<H, R> = (k: number, open: H[], seeds: number[], adjust: (tested: LookInput[]) => LookOutput[]) => Promise<Map<H, StageOutcome<R>>> | Map<H, StageOutcome<R>>

export interface StagesOutcome<H, R> {
  /** Per hypothesis: its final result and the look (1-based) that decided it; `open` when the look
   *  cap (maxLooks) stopped the loop before the plan's last look with the hypothesis undecided. */
  decided: Map<H, { result: R; stage: number; open?: true }>
  /** Per arm: the seeds it trained (the largest look at which an open hypothesis used it). */
  armSeeds: Map<string, number>
}

/** The loop itself, shared by the DSL and the simulation tests (no training in here). */
export async function runStages<H extends StageItem, R>(plan: SeedPlan, alpha: number, items: readonly H[], step: StageStep<H, R>, maxLooks = Infinity): Promise<StagesOutcome<H, R>> {
  const family = new SequentialFamily(plan, alpha)
  const decided = new Map<H, { result: R; stage: number; open?: true }>()
  const armSeeds = new Map<string, number>()
  let open = [...items]
  // The cap splits a long plan over several invocations (RLVR_MAX_LOOKS); looks 1..cap are the same
  // computation as in an uncapped run, so a decision taken before the cap is final.
  const looks = Math.min(plan.looks.length, maxLooks)
  for (let k = 0; k < looks && open.length; k++) {
    const n = plan.looks[k]
    for (const h of open) for (const a of h.arms) armSeeds.set(a, n)
    const out = await step(k, open, plan.seeds.slice(0, n), (tested) => family.look(k, tested))
    const last = k === plan.looks.length - 1
    const capped = !last && k === looks - 1
    open = open.filter((h) => {
      const o = out.get(h)!
      if (!o.decided && !last && !capped) return true
      decided.set(h, { result: o.result, stage: k + 1, ...(!o.decided && capped ? { open: true as const } : {}) })
      return false
    })
  }
  return { decided, armSeeds }
}

/** Why an invocation stops a plan before its last look (reported with the hypotheses it leaves open). */
export type LookCapSource = 'RLVR_MAX_LOOKS' | 'published'

/**
 * How many looks this invocation goes to: RLVR_MAX_LOOKS when set (`all`: every look); else, for an
 * ablation with published runs, the last look they reach, so a fresh clone re-reads the committed
 * looks and trains no new one (going on is a decision: RLVR_MAX_LOOKS); else every look.
 */
export function lookCap(name: string, plan: SeedPlan, env: NodeJS.ProcessEnv = process.env): { looks: number; by?: LookCapSource } {
  const set = maxLooks(env)
  if (set !== undefined) return { looks: set, by: 'RLVR_MAX_LOOKS' }
  const published = publishedSeeds(name)
  if (!published) return { looks: Infinity }
  // The seeds of a look are a prefix of the plan's; an arm that an open hypothesis used at look k has
  // the first looks[k-1] of them, so the longest published prefix says how far the plan got.
  const prefix = (s: Set<number>) => { let n = 0; while (n < plan.seeds.length && s.has(plan.seeds[n])) n++; return n }
  const most = Math.max(0, ...[...published.values()].map(prefix))
  return { looks: Math.max(1, plan.looks.filter((n) => n <= most).length), by: 'published' }
}

/** judge() for an ablation with a plan: stages through runArms, then the claims from their controls. */
export async function judgeStaged(def: AblationDef, active: HypothesisDef[], claims: ClaimDef[], arms: ArmDef[]): Promise<Map<number, HypothesisResult | Error>> {
  const plan = def.options.plan!
  const controlTests = controlTestsOf(claims)
  controlTests.forEach((t, i) => { t.h.id = -(i + 1) }) // distinct ids: they are judged as hypotheses here
  const byName = new Map(arms.map((a) => [a.ref.name, a]))
  const items = [...active, ...controlTests.map((t) => t.h)].map((h) => ({ h, key: String(h.id), arms: armsOf(h.comparison).map((a) => a.name) }))
  const progress = new Progress()
  const cap = lookCap(def.name, plan)
  let trained = 0
  const published = new Set<string>(), spotChecked = new Set<string>() // run keys, each once over the looks
  const list = new Map<string, { arm: string; seed: number; key: string; cpuSeconds?: number }>() // every run behind the ablation, by arm and seed
  const { decided, armSeeds } = await runStages<typeof items[number], HypothesisResult | Error>(plan, def.options.alpha, items, async (k, open, seeds, adjust) => {
    const needed = [...new Set(open.flatMap((o) => o.arms))].map((n) => byName.get(n)!).filter((a) => a.config)
    const runs: ArmRuns = await runArms(def.name, needed.map((a) => ({ name: a.ref.name, config: a.config! })), seeds,
      { progress, stage: { index: k + 1, of: plan.looks.length, open: open.map((o) => o.h.name) } })
    trained += runs.trained
    // Later stages re-serve earlier runs: a run counts once, where it first came from (a run trained,
    // or spot-checked, at one look is read from the local cache at the next).
    for (const k of runs.publishedKeys ?? []) published.add(k)
    for (const k of runs.spotCheckedKeys ?? []) spotChecked.add(k)
    for (const r of runs.list ?? []) list.set(`${r.arm}\u0000${r.seed}`, r)
    const res = evaluateAblation(def, open.map((o) => o.h), runs, [], (views) => {
      const out = adjust(views.map((v) => ({ key: String(v.h.id), p: v.p, pOpposite: v.pOpposite, estimate: v.estimate, se: v.se, df: v.df })))
      return { pAdj: out.map((o) => o.pAdj), pOppAdj: out.map((o) => o.pOppAdj), ci: out.map((o) => o.ci), sequential: out.map((o) => o.sequential) }
    })
    return new Map(open.map((o) => {
      const r = res.get(o.h.id)!
      return [o, { result: r, decided: r instanceof Error || r.verdict !== 'inconclusive' }]
    }))
  }, cap.looks)
  // Runs: arms with equal configs share runs, so count distinct configs at their largest seed count.
  const distinct = (counts: [ArmDef, number][]) => {
    const by = new Map<string, number>()
    for (const [a, n] of counts) if (a.config) by.set(canonicalJson(a.config), Math.max(by.get(canonicalJson(a.config)) ?? 0, n))
    return [...by.values()].reduce((s, n) => s + n, 0)
  }
  const used = distinct([...armSeeds].map(([name, n]) => [byName.get(name)!, n]))
  const max = distinct([...armSeeds.keys()].map((name) => [byName.get(name)!, plan.seeds.length]))
  const runCounts = { trained, cached: used - trained - published.size, total: used, published: published.size, spotChecked: spotChecked.size, list: [...list.values()] }
  const results = new Map<HypothesisDef, HypothesisResult>()
  const failed = new Map<HypothesisDef, Error>()
  for (const [item, d] of decided) {
    if (d.result instanceof Error) { failed.set(item.h, d.result); continue }
    d.result.runs = runCounts
    if (d.result.sequential) {
      d.result.sequential.runs = { used, max }
      if (d.open) Object.assign(d.result.sequential, { open: true, openBy: cap.by })
    }
    results.set(item.h, d.result)
  }
  const left = [...decided.values()].filter((d) => d.open).length
  if (left && cap.by === 'published') {
    process.stderr.write(`[rlvr] ${def.name}: its published runs reach look ${cap.looks} of ${plan.looks.length}, so the plan stops there with ${left} hypothes${left === 1 ? 'is' : 'es'} open; ` +
      'RLVR_MAX_LOOKS=all (or a number of looks) trains the next looks\n')
  }
  const out = new Map<number, HypothesisResult | Error>()
  for (const h of active) out.set(h.id, results.get(h) ?? failed.get(h)!)
  for (const c of claims) {
    const tests = controlTests.filter((t) => t.claim === c)
    const r = claimResult(def, c, tests, results, failed)
    // A claim is decided when its last control is: that look's figures, the claim's own adjusted p and interval.
    const seq = tests.map((t) => results.get(t.h)?.sequential).filter((s) => s !== undefined)
    if (!(r instanceof Error) && seq.length) {
      const lastSeq = seq.reduce((a, b) => (b.stage > a.stage ? b : a))
      r.sequential = { ...lastSeq, pRepeated: Math.max(...seq.map((s) => s.pRepeated)), pSequential: r.test.pAdjusted, rci: r.difference ? r.difference.ci : null }
    }
    out.set(c.id, r)
  }
  return out
}
