// The footnote of an inconclusive row: how many seeds 80% power would need, at the levels Holm
// tests the hypothesis at, or why no count is given. Shared by the terminal table and the HTML report.
import type { HypothesisResult } from './types.js'
import { significant } from '../util/format-number.js'


export function powerNote(r: Pick<HypothesisResult, 'seedsFor80Power' | 'power' | 'sequential'>): string {
  // A plan stopped with the row open: a fixed design's seed count would mislead (the plan's own
  // boundaries decide it), so say where the plan stands and what comes next.
  const s = r.sequential
  if (s?.open) {
    return `open after look ${s.stage} of ${s.looks.length} (${s.seeds} seeds per arm); the plan's next look has ${s.looks[s.stage]} ` +
      `(${s.openBy === 'published' ? 'the last published look: RLVR_MAX_LOOKS=all trains on' : 'RLVR_MAX_LOOKS stopped this invocation'})`
  }
  if (!s) return fixedDesignNote(r)
  // Closed undecided (a decided row is never inconclusive): the plan spent its last look, so a seed
  // count can only size a new experiment, on fresh seeds, as a fixed design.
  return `the plan's last look (${s.seeds} seeds per arm) left it undecided; ${r.power?.against ? '' : 'for a new experiment on fresh seeds, '}${fixedDesignNote(r)}`
}

function fixedDesignNote(r: Pick<HypothesisResult, 'seedsFor80Power' | 'power'>): string {
  const p = r.power
  if (p?.against) {
    const effect = p.test === 'sign' ? `share of seeds in the claimed direction ${significant(p.effect)}` : `d = ${significant(p.effect)} in the claimed direction`
    return `the observed effect runs against the claim (${effect}): no seed count for 80% power is given, more seeds at this effect would not support it`
  }
  const unit = p?.test === 'sign' ? 'non-tied seeds' : 'seeds per arm'
  if (p && p.seeds.worst !== null) {
    if (p.familySize === 1) return `~${p.seeds.worst} ${unit} would give 80% power at the observed effect (alpha ${significant(p.alpha.best)})`
    return `~${p.seeds.worst} ${unit} would give 80% power at the observed effect at Holm's worst-case alpha ${significant(p.alpha.worst)} (= ${significant(p.alpha.best)}/${p.familySize}); ` +
      `~${p.seeds.best ?? '?'} if it is tested last, at alpha ${significant(p.alpha.best)}`
  }
  const n = r.seedsFor80Power
  if (n !== null && n !== undefined && Number.isFinite(n)) return `~${Math.ceil(n)} seeds per arm would give 80% power at the observed effect`
  return 'no seed count for 80% power could be estimated (observed effect zero or undefined, or an equivalence or crossover test)'
}
