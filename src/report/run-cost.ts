// What the runs behind a verdict cost: CPU seconds summed from their run records, each distinct run
// once (arms with the same config share runs). Runs whose records predate the field are counted apart.
import type { RunRef } from './types.js'

export interface RunCost { seconds: number; runs: number; unknown: number }

export function runCost(list: readonly RunRef[], pick: (r: RunRef) => boolean = () => true): RunCost {
  const byKey = new Map<string, number | undefined>()
  for (const r of list) if (pick(r)) byKey.set(r.key, r.cpuSeconds)
  let seconds = 0, unknown = 0
  for (const c of byKey.values()) { if (c === undefined) unknown++; else seconds += c }
  return { seconds, runs: byKey.size, unknown }
}

/** The runs one hypothesis read: its arms at the seeds each arm contributed. */
export function hypothesisRuns(h: { arms: readonly { name: string; seeds: readonly number[] }[] }): (r: RunRef) => boolean {
  const seeds = new Map(h.arms.map((a) => [a.name, new Set(a.seeds)]))
  return (r) => seeds.get(r.arm)?.has(r.seed) ?? false
}

/** "1.52 CPU-h (32 runs)", with the runs whose cost is unknown named. */
export function formatRunCost(c: RunCost): string {
  const known = c.runs - c.unknown
  return known === 0 ? `unknown (${c.runs} runs recorded before CPU time was kept)`
    : `${(c.seconds / 3600).toFixed(2)} CPU-h (${known} runs${c.unknown ? `; ${c.unknown} more recorded before CPU time was kept` : ''})`
}
