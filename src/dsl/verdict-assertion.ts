// What a hypothesis' verdict does to its vitest test: 'supported' passes, a known refutation passes
// while it holds, 'inconclusive' fails or skips (the ablation's `inconclusive` option), anything
// else fails with one line that states the comparison and its figures.
import type { HypothesisResult } from '../report/types.js'
import { missingControls } from './claim.js'
import type { AblationDef } from './spec.js'

/** Throws (or calls `skip`) unless the verdict is the one the hypothesis expects. */
export function assertVerdict(r: HypothesisResult, def: AblationDef, skip: (note?: string) => never): void {
  // Claims are complete from collection on (resolveClaims); this guards results built elsewhere.
  const missing = r.controls?.filter((k) => !k.present) ?? []
  if (missing.length) throw missingControls(r.hypothesis, missing.map((k) => k.control), [def.file, `ablation '${def.name}'`])
  const line = describeResult(r)
  if (r.expectedVerdict) {
    if (r.verdict === r.expectedVerdict) return
    // Not decided yet (a plan stopped before the look that decides it): an open row like any other, not a broken refutation.
    if (r.sequential?.open && r.verdict === 'inconclusive' && def.options.inconclusive === 'skip') skip(`open (a known refutation once decided): ${line}`)
    throw new Error(`known refutation no longer holds: expected verdict '${r.expectedVerdict}', got '${r.verdict}'\n${line}`)
  }
  if (r.verdict === 'supported') return
  if (r.verdict === 'inconclusive' && def.options.inconclusive === 'skip') skip(`inconclusive: ${line}`)
  throw new Error(`${r.verdict}: ${line}`)
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x))

/** "expected 'B' accuracy (final) 0.482 to be less than 'A' 0.600 ..." */
export function describeResult(r: HypothesisResult): string {
  const [a, b] = r.arms
  const rel: Record<string, string> = {
    greater: 'to be greater than', less: 'to be less than', equivalent: 'to be equivalent to',
    increase: 'to increase', decrease: 'to decrease', above: 'to be above', below: 'to be below',
  }
  const target = b ? ` '${b.name}' ${f3(b.mean)}` : ''
  const diff = r.difference ? `; difference ${f3(r.difference.estimate)} [${f3(r.difference.ci.lo)}, ${f3(r.difference.ci.hi)}]` : ''
  return `expected '${a.name}' ${r.metric} ${f3(a.mean)} ${rel[r.comparison] ?? r.comparison}${target}${diff}; ` +
    `${r.test.name} p=${f3(r.test.p)}, Holm-adjusted ${f3(r.test.pAdjusted)}; ${r.reason}`
}
