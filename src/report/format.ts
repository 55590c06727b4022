// Compact number formatting for the hypothesis tables. Pure, deterministic, ASCII only.
// Non-finite values (NaN from too few seeds, +-Infinity) print as 'n/a' / 'inf' / '-inf'; JSON
// stores them as null, so the screen and the JSON report agree that there is no number.

import { NOT_APPLICABLE, formatNumber, nonFinite } from '../util/format-number.js'
import type { StoredEffect } from './stored.js'
import type { Interval } from './types.js'

export { NOT_APPLICABLE, formatNumber }

/** Distinct values in order of first appearance, comma-separated; `none` when there are none. */
export function distinct(values: Iterable<string>, none = NOT_APPLICABLE): string {
  const set = [...new Set(values)]
  return set.length === 0 ? none : set.join(', ')
}

/** Like formatNumber, with an explicit '+' on positive values (differences, effect sizes). */
export function formatSigned(x: number | null | undefined, digits = 3): string {
  const s = formatNumber(x, digits)
  if (x === null || x === undefined || !Number.isFinite(x)) return s
  return x > 0 && Number(x.toPrecision(digits)) !== 0 ? `+${s}` : s
}

/** "[lo, hi]" with 3 significant digits each. */
export function formatInterval(ci: Interval | StoredEffect['ci'] | null | undefined, digits = 3): string {
  if (!ci) return NOT_APPLICABLE
  return `[${formatNumber(ci.lo, digits)}, ${formatNumber(ci.hi, digits)}]`
}

/** "estimate [lo, hi]"; `signed` puts '+' on a positive estimate. */
export function formatEstimate(
  e: { estimate: number; ci: Interval } | StoredEffect | null | undefined,
  signed = false,
): string {
  if (!e) return NOT_APPLICABLE
  const est = signed ? formatSigned(e.estimate) : formatNumber(e.estimate)
  return `${est} ${formatInterval(e.ci)}`
}

/** p-values: "<0.001" below 0.001, otherwise 3 decimals ("0.003", "0.046", "0.500", "1.000"). */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return NOT_APPLICABLE
  if (Number.isNaN(p)) return 'n/a'
  if (p < 0.001) return '<0.001'
  return p.toFixed(3)
}

/** A probability in [0, 1] (e.g. P(improvement)): 2 decimals ("0.92", "1.00"). */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined) return NOT_APPLICABLE
  if (!Number.isFinite(p)) return nonFinite(p)
  return p.toFixed(2)
}

/** Durations: "850ms", "12.3s", "2m 03s", "1h 02m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'n/a'
  if (ms < 1000) return `${Math.round(ms)}ms`
  const s = ms / 1000
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`
  const totalS = Math.round(s)
  if (totalS < 3600) {
    const m = Math.floor(totalS / 60)
    return `${m}m ${String(totalS % 60).padStart(2, '0')}s`
  }
  const totalM = Math.round(totalS / 60)
  return `${Math.floor(totalM / 60)}h ${String(totalM % 60).padStart(2, '0')}m`
}

/** Sorted integers as compact ranges: [0,1,2,3,7,9,10] -> "0-3, 7, 9-10". */
export function formatSeedRanges(seeds: readonly number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b)
  if (sorted.length === 0) return NOT_APPLICABLE
  const parts: string[] = []
  let start = sorted[0]
  let prev = start
  const flush = (): void => {
    parts.push(start === prev ? String(start) : `${start}-${prev}`)
  }
  for (let i = 1; i < sorted.length; i++) {
    const s = sorted[i]
    if (Number.isInteger(s) && Number.isInteger(prev) && s === prev + 1) {
      prev = s
      continue
    }
    flush()
    start = s
    prev = s
  }
  flush()
  return parts.join(', ')
}

/** Greedy word wrap to `width` columns (words longer than width are kept whole). */
export function wrapText(text: string, width: number): string {
  const out: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line === '') line = word
      else if (line.length + 1 + word.length <= width) line += ` ${word}`
      else {
        out.push(line)
        line = word
      }
    }
    out.push(line)
  }
  return out.join('\n')
}
