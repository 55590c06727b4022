// A hypothesis or claim whose evaluation threw still gets its row: the verdict 'error' with the
// message as its reason, so the table, the summary counts, the JSON and the HTML report show it
// (and its test fails with the error itself).
import type { HypothesisResult } from '../report/types.js'
import { metricLabel, organismLabel } from './evaluate.js'
import type { AblationDef, ClaimDef, HypothesisDef } from './spec.js'

/** The message without SpecError's decoration ("✖ " and the location/hint lines stay, as text). */
const messageOf = (err: Error) => err.message.replace(/^✖ /, '')

/**
 * The error row of one hypothesis or claim. `like`: another result of the same ablation, whose
 * backend, engine version and run counts the row repeats (they describe the ablation's runs).
 */
export function errorResult(def: AblationDef, item: HypothesisDef | ClaimDef, err: Error, like?: HypothesisResult): HypothesisResult {
  const claim = 'treatment' in item
  return {
    kind: claim ? 'claim' : 'hypothesis', ablation: def.name, hypothesis: item.name,
    metric: metricLabel(claim ? item.metric : item.comparison.metric), comparison: claim ? 'greater' : item.comparison.kind,
    arms: [], difference: null, hedgesG: null, probabilityOfImprovement: null,
    test: { name: 'none', paired: false, p: Number.NaN, pAdjusted: Number.NaN },
    verdict: 'error', reason: messageOf(err), seedsFor80Power: null, expectedVerdict: claim ? null : item.expectedVerdict,
    organism: like?.organism ?? organismLabel(def), backend: like?.backend ?? 'unknown', engineVersion: like?.engineVersion ?? 'unknown',
    runs: like?.runs ?? { trained: 0, cached: 0, total: 0 },
  }
}

/** Any computed result of the map, to borrow its run facts. */
export const someResult = (m: Map<number, HypothesisResult | Error>): HypothesisResult | undefined =>
  [...m.values()].find((r): r is HypothesisResult => !(r instanceof Error))
