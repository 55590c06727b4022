// The decision rule of a sequential seeds plan, look by look, for an ablation's family of
// hypotheses. Pure: the same per-look p-values give the same adjusted values.
//
// Method (docs/sequential.md): a one-sided group-sequential design per hypothesis with Lan-DeMets
// alpha spending (O'Brien-Fleming-type by default) at information fractions n_k / n_max; z-scale
// boundaries reach the t (or other) tests as nominal p-value levels per look (Jennison & Turnbull
// 2000, the "significance level" approach for unknown variance). Each hypothesis' per-look
// p-value becomes a repeated p-value (the smallest alpha' whose design would stop at this look),
// kept as a running minimum over looks, which stays a valid p-value under any stopping rule; Holm
// across the ablation's hypotheses on those running minima (decided hypotheses keep their last
// value) therefore controls the family-wise error over all looks, and once a hypothesis is below
// alpha it stays there. The difference interval is the repeated confidence interval of the look;
// the futility rule (non-binding) is decide()'s "interval excludes the minimum effect".
// References: Lan & DeMets 1983 (alpha spending), Jennison & Turnbull 2000 (ch. 7 error spending,
// ch. 9 repeated confidence intervals and p-values), Holm 1979; boundaries as R's gsDesign computes them.
import { groupSequentialBounds, holm, repeatedConfidenceInterval, repeatedPValue, type Interval, type SequentialBounds } from '../stats/index.js'
import type { SequentialResult } from '../report/types.js'
import type { SeedPlan } from './seed-plan.js'

/** One hypothesis tested at a look: its per-look one-sided p-values (claimed and opposite direction). */
export interface LookInput { key: string; p: number; pOpposite: number; estimate: number; se?: number; df?: number }
export interface LookOutput { pAdj: number; pOppAdj: number; ci: Interval | null; sequential: SequentialResult }

const boundsCache = new Map<string, SequentialBounds>()

export class SequentialFamily {
  readonly timing: number[]
  readonly bounds: SequentialBounds
  /** Running minimum of each hypothesis' repeated p-values (claimed, opposite), in first-tested order. */
  private readonly min = new Map<string, { p: number; opp: number }>()

  constructor(readonly plan: SeedPlan, readonly alpha: number) {
    const max = plan.looks[plan.looks.length - 1]
    this.timing = plan.looks.map((n) => n / max)
    const key = `${plan.spending}:${alpha}:${this.timing.join(',')}`
    this.bounds = boundsCache.get(key) ?? groupSequentialBounds(this.timing, alpha, plan.spending)
    boundsCache.set(key, this.bounds)
  }

  /** Look `k` (0-based): update the tested hypotheses, then Holm over every hypothesis tested so far. */
  look(k: number, tested: readonly LookInput[]): LookOutput[] {
    const rep = (p: number) => (Number.isNaN(p) ? NaN : repeatedPValue(p, k + 1, this.timing, this.plan.spending))
    for (const t of tested) {
      const prev = this.min.get(t.key)
      const p = rep(t.p), opp = rep(t.pOpposite)
      // An undefined test this look (NaN) keeps what earlier looks showed.
      const keep = (a: number | undefined, b: number) => (a === undefined || Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b))
      this.min.set(t.key, { p: keep(prev?.p, p), opp: keep(prev?.opp, opp) })
    }
    const keys = [...this.min.keys()]
    const adj = holm(keys.map((key) => this.min.get(key)!.p))
    const adjOpp = holm(keys.map((key) => this.min.get(key)!.opp))
    const nominal = this.bounds.nominal[k]
    return tested.map((t) => {
      const i = keys.indexOf(t.key)
      const ci = t.se !== undefined && t.df !== undefined ? repeatedConfidenceInterval(t.estimate, t.se, t.df, nominal) : null
      return {
        pAdj: adj[i], pOppAdj: adjOpp[i], ci,
        sequential: {
          stage: k + 1, seeds: this.plan.looks[k], looks: [...this.plan.looks], spending: this.plan.spending,
          nominal, boundary: this.bounds.upper[k], pRepeated: this.min.get(t.key)!.p, pSequential: adj[i],
          rci: ci,
        },
      }
    })
  }
}
