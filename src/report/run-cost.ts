// What the runs behind a verdict cost: CPU seconds summed from their run records, each distinct run
// once (arms with the same config share runs). Runs whose records predate the field are counted apart.
import { sweepArmName } from '../util/sweep-arm-name.js'
import type { RunRef, SweepResult } from './types.js'

export interface RunCost { seconds: number; runs: number; unknown: number }

export function runCost(list: readonly RunRef[], pick: (r: RunRef) => boolean = () => true): RunCost {
  const byKey = new Map<string, number | undefined>()
  for (const r of list) if (pick(r)) byKey.set(r.key, r.cpuSeconds)
  let seconds = 0, unknown = 0
  for (const c of byKey.values()) { if (c === undefined) unknown++; else seconds += c }
  return { seconds, runs: byKey.size, unknown }
}

/**
 * The runs one hypothesis read: its arms at the seeds each arm contributed. A sweep's hypothesis
 * lists only the two arms of its difference but reads every arm of its sweeps (the trend, or where
 * the two cross), at the same seeds.
 */
export function hypothesisRuns(h: { arms: readonly { name: string; seeds: readonly number[] }[]; sweep?: SweepResult }): (r: RunRef) => boolean {
  const seeds = new Map(h.arms.map((a) => [a.name, new Set(a.seeds)]))
  const swept = new Set(h.arms[0]?.seeds ?? [])
  for (const c of h.sweep?.conditions ?? []) for (const x of h.sweep!.xs) seeds.set(sweepArmName(c.name, h.sweep!.param, x), swept)
  return (r) => seeds.get(r.arm)?.has(r.seed) ?? false
}

/** "1.52 CPU-h (32 runs)", with the runs whose cost is unknown named. */
export function formatRunCost(c: RunCost): string {
  const known = c.runs - c.unknown
  return known === 0 ? `unknown (${c.runs} runs recorded before CPU time was kept)`
    : `${(c.seconds / 3600).toFixed(2)} CPU-h (${known} runs${c.unknown ? `; ${c.unknown} more recorded before CPU time was kept` : ''})`
}
