// The verdict of a sign-test comparison (the t-test comparisons go through src/stats/decide.ts).
import type { SignTestResult } from '../stats/index.js'
import type { HypothesisResult, SignTestSummary } from '../report/types.js'
import { significant } from '../util/format-number.js'

/** The sign test's effect in the claimed direction: seeds that moved that way, their share and its exact interval. */
export function signSummary(r: SignTestResult, claimSign: number, level: number): SignTestSummary {
  const up = claimSign >= 0
  return {
    n: r.n, ties: r.ties, claimed: up ? r.positive : r.negative, opposite: up ? r.negative : r.positive,
    share: up ? r.share : 1 - r.share, ci: up ? r.ci : { lo: 1 - r.ci.hi, hi: 1 - r.ci.lo }, level,
  }
}

/** supported iff the Holm-adjusted one-sided sign-test p < alpha; refuted iff the opposite one is. */
export function judgeSign(r: SignTestResult, direction: 'greater' | 'less', pAdj: number, pOppAdj: number, alpha: number): { verdict: HypothesisResult['verdict']; reason: string } {
  const claimed = direction === 'greater' ? r.positive : r.negative
  const ties = r.ties ? ` (${r.ties} tie${r.ties > 1 ? 's' : ''} dropped)` : ''
  const what = `${claimed} of ${r.n} seeds in the claimed direction${ties}`
  if (Number.isNaN(pAdj) || Number.isNaN(pOppAdj)) return { verdict: 'inconclusive', reason: `sign test undefined: no non-zero per-seed difference${ties}` }
  if (pAdj < alpha) return { verdict: 'supported', reason: `${what}: sign test Holm p=${significant(pAdj)} < ${alpha}` }
  if (pOppAdj < alpha) return { verdict: 'refuted', reason: `${r.n - claimed} of ${r.n} seeds against the claim${ties}: sign test Holm p=${significant(pOppAdj)} < ${alpha}` }
  return { verdict: 'inconclusive', reason: `${what}: sign test Holm p=${significant(pAdj)} >= ${alpha}` }
}

