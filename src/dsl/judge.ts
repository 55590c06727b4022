// Judging an ablation: train (or load from the run cache) every run its active hypotheses and
// claims need, then evaluate them all together (one Holm family). A sequential seeds plan goes
// through the stage loop in stages.ts instead.
import { runArms, type ArmRuns } from '../runner/run-arms.js'
import type { HypothesisResult } from '../report/types.js'
import { evaluateAblation } from './evaluate.js'
import { checkOutputFolders } from './folders.js'
import { armsOf, type AblationDef, type Mode } from './spec.js'
import { judgeStaged } from './stages.js'

/** Train (or load) every run the ablation's active hypotheses need, then judge them all together. */
export async function judge(def: AblationDef): Promise<Map<number, HypothesisResult | Error>> {
  const hasOnly = [...def.hypotheses, ...def.claims].some((h) => h.mode === 'only')
  const isActive = (h: { mode: Mode }) => h.mode !== 'skip' && (!hasOnly || h.mode === 'only')
  const active = def.hypotheses.filter(isActive)
  const claims = def.claims.filter(isActive)
  const needed = new Set([
    ...active.flatMap((h) => armsOf(h.comparison).map((a) => a.name)),
    ...claims.flatMap((c) => [c.treatment.name, ...c.controls.flatMap((k) => (k.arm ? [k.arm.name] : []))]),
  ])
  const arms = def.arms.filter((a) => needed.has(a.ref.name))
  checkOutputFolders()
  if (def.options.plan) return judgeStaged(def, active, claims, arms)
  const trained = arms.filter((a) => a.config !== null)
  const runs: ArmRuns = trained.length
    ? await runArms(def.name, trained.map((a) => ({ name: a.ref.name, config: a.config! })), def.options.seeds!)
    : { runs: new Map(), failures: [], trained: 0, cached: 0, total: 0 }
  // Arms read from files join as they are: their seeds are theirs.
  for (const a of arms) if (a.external) runs.runs.set(a.ref.name, a.external.read.runs.map((r) => ({ seed: r.seed, record: r.record })))
  return evaluateAblation(def, active, runs, claims)
}
